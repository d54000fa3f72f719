/// A calendar time as HJ 212 writes it (`YYYYMMDDhhmmss`, optionally with `zzz` milliseconds), in
/// China Standard Time. A plain value: no Foundation, no time zone database; the conversion to
/// seconds since the Unix epoch fixes the offset at UTC+8, which is what the standard means.
public struct HJ212DateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    // Stored narrow (10 bytes rather than 56): every decoded packet carries two of these.
    private let storedYear: UInt16
    private let storedMonth: UInt8
    private let storedDay: UInt8
    private let storedHour: UInt8
    private let storedMinute: UInt8
    private let storedSecond: UInt8
    private let storedMillisecond: UInt16

    public var year: Int { Int(storedYear) }
    public var month: Int { Int(storedMonth) }
    public var day: Int { Int(storedDay) }
    public var hour: Int { Int(storedHour) }
    public var minute: Int { Int(storedMinute) }
    public var second: Int { Int(storedSecond) }
    public var millisecond: Int { Int(storedMillisecond) }

    /// A validated time, or nil if any field is outside the calendar (Feb 30, 24:00, a 13th month…).
    /// Years before 1900 or after 2999 are treated as impossible: no device writes them honestly.
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0) {
        guard (1900...2999).contains(year), (1...12).contains(month),
              day >= 1, day <= HJ212DateTime.daysIn(month: month, year: year),
              (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
              (0...999).contains(millisecond)
        else { return nil }
        storedYear = UInt16(year)
        storedMonth = UInt8(month)
        storedDay = UInt8(day)
        storedHour = UInt8(hour)
        storedMinute = UInt8(minute)
        storedSecond = UInt8(second)
        storedMillisecond = UInt16(millisecond)
    }

    /// Parses `YYYYMMDDhhmmss` (14 digits) or `YYYYMMDDhhmmsszzz` (17 digits).
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard let value = utf8.withUnsafeBytes({ HJ212DateTime.parse($0) }) else { return nil }
        self = value
    }

    /// The UTC+8 wall-clock time of `seconds` since 1970-01-01T00:00:00Z.
    public init?(unixSeconds seconds: Int64, millisecond: Int = 0) {
        let local = seconds + 8 * 3600
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = Int(local - days * 86_400)
        let (year, month, day) = HJ212DateTime.civil(fromDays: days)
        self.init(year: year, month: month, day: day,
                  hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60, second: secondOfDay % 60,
                  millisecond: millisecond)
    }

    /// Seconds since the Unix epoch, reading this time as China Standard Time (UTC+8).
    public var unixSeconds: Int64 {
        let days = HJ212DateTime.days(fromCivil: year, month, day)
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - 8 * 3600
    }

    /// `YYYYMMDDhhmmss`, the form of DataTime and the other time fields.
    public var digits: String {
        pad(year, 4) + pad(month, 2) + pad(day, 2) + pad(hour, 2) + pad(minute, 2) + pad(second, 2)
    }

    /// `YYYYMMDDhhmmsszzz`, the form of a QN.
    public var qnDigits: String { digits + pad(millisecond, 3) }

    /// ISO 8601 with the +08:00 offset, for logs and JSON.
    public var description: String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(hour, 2) + ":" + pad(minute, 2) + ":"
            + pad(second, 2) + (millisecond == 0 ? "" : "." + pad(millisecond, 3)) + "+08:00"
    }

    public static func < (lhs: HJ212DateTime, rhs: HJ212DateTime) -> Bool {
        (lhs.unixSeconds, lhs.millisecond) < (rhs.unixSeconds, rhs.millisecond)
    }

    /// Parses 14 or 17 ASCII digits; nil for any other length, a non-digit or an impossible time.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> HJ212DateTime? {
        guard bytes.count == 14 || bytes.count == 17, let base = bytes.baseAddress else { return nil }
        var valid = true
        @inline(__always) func digit(_ offset: Int) -> Int {
            let value = base.load(fromByteOffset: offset, as: UInt8.self) &- 0x30
            valid = valid && value < 10
            return Int(value)
        }
        @inline(__always) func two(_ offset: Int) -> Int { digit(offset) &* 10 &+ digit(offset &+ 1) }
        let year = two(0) &* 100 &+ two(2)
        let month = two(4), day = two(6), hour = two(8), minute = two(10), second = two(12)
        let millisecond = bytes.count == 17 ? digit(14) &* 100 &+ two(15) : 0
        guard valid else { return nil }
        return HJ212DateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                             millisecond: millisecond)
    }

    /// Whether this time lies more than `seconds` before `other` (cheap when both fall on one day).
    func isMoreThan(_ seconds: Int64, before other: HJ212DateTime) -> Bool {
        if year == other.year && month == other.month && day == other.day && seconds >= 86_400 { return false }
        return unixSeconds < other.unixSeconds - seconds
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `days(fromCivil:)`.
    static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
