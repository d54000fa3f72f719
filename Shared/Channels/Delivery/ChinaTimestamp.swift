import Domain
import Foundation

/// `yyyy-MM-dd HH:mm:ss` as the providers write report times: China Standard Time, no offset.
/// Converted to UTC at this edge; nil for anything else.
enum ChinaTimestamp {
    static func parse(_ text: String) -> Date? {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard parts.count == 2 else { return nil }
        let date = parts[0].split(separator: "-", omittingEmptySubsequences: false)
        let time = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard date.count == 3, time.count == 3,
              let year = Int(date[0]), let month = Int(date[1]), let day = Int(date[2]),
              let hour = Int(time[0]), let minute = Int(time[1]), let second = Int(time[2]),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
              let civil = CivilDate(year: year, month: month, day: day)?.daysSinceEpoch
        else { return nil }
        let seconds = civil * 86_400 + hour * 3600 + minute * 60 + second - 8 * 3600
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
