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
              let civil = CivilDay.daysSinceEpoch(year: year, month: month, day: day)
        else { return nil }
        let seconds = civil * 86_400 + hour * 3600 + minute * 60 + second - 8 * 3600
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// `yyyyMMdd` of the China-time day containing `instant` (Alibaba Cloud's SendDate).
    static func compactDay(of instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + 8 * 3600
        return UTCDay.string(fromUnixSeconds: seconds).replacingOccurrences(of: "-", with: "")
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (days-from-civil), validating the date.
enum CivilDay {
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int? {
        guard (1...12).contains(month), day >= 1, day <= daysIn(year: year, month: month) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
