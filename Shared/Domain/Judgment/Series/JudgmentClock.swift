import Foundation

/// Whole-second UTC arithmetic for the judgment rules. Days, months and quarters are China
/// Standard Time (UTC+8, no daylight saving), so a fixed offset is exact and no `Calendar` is
/// needed in the hot loops.
enum JudgmentClock {
    static let hour: Int64 = 3600
    static let day: Int64 = 86_400
    static let chinaOffset = Int64(CivilDate.chinaOffsetSeconds)

    /// Seconds since 1970 when `instant` falls on a whole second, else nil.
    static func wholeSeconds(_ instant: Date) -> Int64? {
        let seconds = instant.timeIntervalSince1970
        guard seconds.isFinite, seconds == seconds.rounded(.down), abs(seconds) < 1e15 else { return nil }
        return Int64(seconds)
    }

    /// Seconds since 1970, rounded down.
    static func seconds(_ instant: Date) -> Int64 { Int64(instant.timeIntervalSince1970.rounded(.down)) }

    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// Index of the China-time day containing `seconds` (0 = 1970-01-01 CST).
    static func chinaDayIndex(_ seconds: Int64) -> Int64 { floorDivide(seconds + chinaOffset, day) }

    static func chinaDayStart(_ dayIndex: Int64) -> Int64 { dayIndex * day - chinaOffset }

    static func civilDate(chinaDayIndex: Int64) -> CivilDate { CivilDate(daysSinceEpoch: Int(chinaDayIndex)) }

    static func civilDate(_ seconds: Int64) -> CivilDate { civilDate(chinaDayIndex: chinaDayIndex(seconds)) }

    /// 00:00 China time of the first day of the month containing `date`.
    static func monthStart(of date: CivilDate) -> Int64 {
        chinaDayStart(Int64(CivilDate(year: date.year, month: date.month, day: 1)!.daysSinceEpoch))
    }

    static func nextMonthStart(of date: CivilDate) -> Int64 {
        let next = date.month == 12 ? CivilDate(year: date.year + 1, month: 1, day: 1)! : CivilDate(year: date.year, month: date.month + 1, day: 1)!
        return chinaDayStart(Int64(next.daysSinceEpoch))
    }

    static func daysInMonth(of date: CivilDate) -> Int {
        Int((nextMonthStart(of: date) - monthStart(of: date)) / day)
    }
}
