public import Foundation

/// China Standard Time (UTC+8, no daylight saving): how times are shown to people.
public enum ChinaTime {
    public static let offsetSeconds = 8 * 3600

    public struct Components: Sendable, Equatable {
        public let year, month, day, hour, minute, second: Int
    }

    public static func components(of instant: Date) -> Components {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: offsetSeconds)!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        return Components(year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second!)
    }

    /// A deadline as people read it: midnight is the end of the previous day, `12月2日24时`;
    /// otherwise `12月2日17时30分`.
    public static func dueText(_ instant: Date) -> String {
        let parts = components(of: instant)
        if parts.hour == 0, parts.minute == 0, parts.second == 0 {
            let day = components(of: instant.addingTimeInterval(-1))
            return "\(day.month)月\(day.day)日24时"
        }
        return "\(parts.month)月\(parts.day)日\(parts.hour)时" + (parts.minute == 0 ? "" : "\(parts.minute)分")
    }

    /// `2026年11月29日 10:05` for summaries.
    public static func text(_ instant: Date) -> String {
        let parts = components(of: instant)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(parts.year)年\(parts.month)月\(parts.day)日 \(two(parts.hour)):\(two(parts.minute))"
    }
}
