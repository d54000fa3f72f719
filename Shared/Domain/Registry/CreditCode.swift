/// The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a
/// 31-character alphabet (no I, O, S, V, Z), the last one a check character.
public enum CreditCode {
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// The check character for the first 17 characters, or nil if they are not valid.
    public static func checkCharacter(for first17: String) -> Character? {
        let characters = Array(first17)
        guard characters.count == 17 else { return nil }
        var sum = 0
        for (index, character) in characters.enumerated() {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            sum += value * weights[index]
        }
        return alphabet[(31 - sum % 31) % 31]
    }

    /// Why `code` is not a valid credit code, or nil.
    public static func problem(_ code: String) -> String? {
        guard code.count == 18 else { return "统一社会信用代码须为 18 位" }
        guard code.allSatisfy({ alphabet.contains($0) }) else { return "统一社会信用代码含非法字符（不得含 I、O、S、V、Z 或小写字母）" }
        guard checkCharacter(for: String(code.prefix(17))) == code.last else { return "统一社会信用代码校验位错误" }
        return nil
    }
}
