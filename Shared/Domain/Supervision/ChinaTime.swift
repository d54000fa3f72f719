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
}
