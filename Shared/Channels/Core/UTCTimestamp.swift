import Domain
import Foundation

/// Formatting of instants the way the provider APIs want them.
enum UTCTimestamp {
    /// `2023-10-26T10:22:32Z` (Alibaba Cloud `x-acs-date`).
    static func iso8601(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let time = [secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60].map(twoDigits).joined(separator: ":")
        return "\(day(fromUnixSeconds: seconds))T\(time)Z"
    }

    /// `YYYY-MM-DD` of a Unix time in UTC.
    static func day(fromUnixSeconds seconds: Int) -> String {
        CivilDate(daysSinceEpoch: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400).description
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    static func unixSeconds(_ instant: Date) -> Int {
        Int(instant.timeIntervalSince1970.rounded(.down))
    }

    static func unixMilliseconds(_ instant: Date) -> Int64 {
        Int64((instant.timeIntervalSince1970 * 1000).rounded(.down))
    }
}
