/// Human-facing order numbers: `DB` + the China-Standard-Time date the order opened + a
/// three-digit (or longer) sequence within that day, e.g. `DB20240506001`.
public enum OrderNumber {
    public static func make(chinaDate: (year: Int, month: Int, day: Int), sequenceOfDay: Int) -> String {
        let date = pad(chinaDate.year, 4) + pad(chinaDate.month, 2) + pad(chinaDate.day, 2)
        return "DB" + date + pad(sequenceOfDay, 3)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
