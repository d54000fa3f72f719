public import Foundation
import Domain

/// How instants are written in data files: a day (`2026-04-01`, meaning 00:00 China time) or a
/// full time with an offset (`2026-04-01T08:30:00+08:00`, `…Z`). Written back as a day whenever
/// the instant is 00:00 China time, so a file round-trips unchanged.
public enum InstantText {
    public static func parse(_ text: String) -> Date? {
        if let day = CivilDate(iso: text) { return day.startInChina }
        let characters = Array(text)
        guard characters.count >= 16, characters[10] == "T" || characters[10] == " ",
              let day = CivilDate(iso: String(characters[0..<10])) else { return nil }
        var rest = characters[11...]
        func number(_ count: Int) -> Int? {
            guard rest.count >= count else { return nil }
            let digits = rest.prefix(count)
            guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            rest = rest.dropFirst(count)
            return Int(String(digits))
        }
        func take(_ character: Character) -> Bool {
            guard rest.first == character else { return false }
            rest = rest.dropFirst()
            return true
        }
        guard let hour = number(2), take(":"), let minute = number(2), hour < 24, minute < 60 else { return nil }
        var second = 0
        if take(":") {
            guard let value = number(2), value < 60 else { return nil }
            second = value
        }
        let offset: Int
        if take("Z") {
            offset = 0
        } else if let sign = rest.first, sign == "+" || sign == "-" {
            rest = rest.dropFirst()
            guard let hours = number(2), take(":"), let minutes = number(2), hours <= 14, minutes < 60 else { return nil }
            offset = (sign == "+" ? 1 : -1) * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        guard rest.isEmpty else { return nil }
        let seconds = day.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// `YYYY-MM-DD` at 00:00 China time, else `YYYY-MM-DDTHH:MM:SS+08:00`.
    public static func format(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + CivilDate.chinaOffsetSeconds
        let day = CivilDate(chinaTimeOf: instant)
        let secondOfDay = seconds - day.daysSinceEpoch * 86_400
        guard secondOfDay != 0 else { return day.description }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(day)T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))+08:00"
    }
}
