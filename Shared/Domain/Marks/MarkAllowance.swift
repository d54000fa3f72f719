public import Foundation

/// Accounting of yearly allowances: marked hours per China-time calendar year, a span crossing
/// New Year counting in each year for the part it covers there.
public enum MarkAllowance {
    /// Hours of `[start, end)` falling in each China-time calendar year.
    public static func hoursByYear(from start: Date, to end: Date) -> [Int: Double] {
        guard start < end else { return [:] }
        var result: [Int: Double] = [:]
        var cursor = start
        while cursor < end {
            let year = CivilDate(chinaTimeOf: cursor).year
            let nextYear = CivilDate(year: year + 1, month: 1, day: 1)!.startInChina
            let stop = min(end, nextYear)
            result[year, default: 0] += stop.timeIntervalSince(cursor) / 3600
            cursor = stop
        }
        return result
    }

    /// Hours per year of several spans together.
    public static func hoursByYear(_ spans: [(start: Date, end: Date)]) -> [Int: Double] {
        spans.reduce(into: [:]) { total, span in
            for (year, hours) in hoursByYear(from: span.start, to: span.end) { total[year, default: 0] += hours }
        }
    }

    /// Hours of `year` the outlet's active marks of `typeId` use (what a yearly cap counts).
    public static func hoursUsed(of typeId: String, outletId: String, year: Int, marks: [MarkRecord]) -> Double {
        hoursByYear(marks.filter { $0.status == .active && $0.typeId == typeId && $0.outletId == outletId }
            .map { (start: $0.start, end: $0.end) })[year] ?? 0
    }
}
