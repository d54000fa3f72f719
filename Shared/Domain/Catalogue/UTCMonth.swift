public import Foundation

/// A calendar month in UTC, as a single ordinal (`year * 12 + month - 1`) so months compare, step
/// and go in sets cheaply. Storage that is partitioned by UTC month (Ingest's data identities)
/// names and bounds its partitions with it, matching PostgreSQL's `date_trunc('month', t AT TIME
/// ZONE 'UTC')`.
public struct UTCMonth: Hashable, Comparable, Sendable, Strideable, CustomStringConvertible {
    public let ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    /// The UTC month that contains `instant` (an instant on the first of a month at 00:00:00 is in
    /// that month; one second earlier is in the month before).
    public init(containing instant: Date) {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let day = CivilDate(daysSinceEpoch: days)
        ordinal = day.year * 12 + day.month - 1
    }

    public var year: Int { ordinal / 12 }
    /// 1…12.
    public var month: Int { ordinal % 12 + 1 }

    /// 00:00:00 UTC on the first day of the month.
    public var start: Date {
        let first = CivilDate(year: year, month: month, day: 1)!
        return Date(timeIntervalSince1970: TimeInterval(first.daysSinceEpoch * 86_400))
    }

    /// `202611`: digits only, safe to write into a partition's name.
    public var digits: String { String(format: "%04d%02d", year, month) }

    public var description: String { String(format: "%04d-%02d", year, month) }

    public static func < (lhs: UTCMonth, rhs: UTCMonth) -> Bool { lhs.ordinal < rhs.ordinal }
    public func distance(to other: UTCMonth) -> Int { other.ordinal - ordinal }
    public func advanced(by months: Int) -> UTCMonth { UTCMonth(ordinal: ordinal + months) }
}
