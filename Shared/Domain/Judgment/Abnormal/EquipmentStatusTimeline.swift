public import Foundation

/// The equipment state (HJ 212 site information `i12001`: 0 running, 1 maintenance, 2 fault,
/// 3 calibration…) of one analyser, the one its `PolId` names, over time, from the reports a
/// device sends on change or periodically (judgment.md §4). A state holds from its report until
/// the next report of that `PolId`, at most `statusHoldMinutes`: a device may report only on
/// change, and a state older than that no longer says what the analyser is doing. Before the
/// first report, after the hold and from a report whose value is not a whole number, the state is
/// unknown. Pure: the same reports give the same periods, whatever their order.
public struct EquipmentStatusTimeline: Sendable, Equatable {
    /// The site-information code of the equipment state.
    public static let code = "i12001"

    /// One state in force over `[start, end)`.
    public struct Period: Sendable, Hashable {
        public var start: Date
        public var end: Date
        public var state: Int
    }

    /// Disjoint, in time order; touching periods of one state are one period.
    public let periods: [Period]

    /// - Parameters:
    ///   - reports: site-information reports of any codes and `PolId`s; only `i12001` of `polId`
    ///     count. Of two reports at one instant (the store keeps one) the first by frame id counts.
    ///   - holdMinutes: `rules.equipment.statusHoldMinutes`.
    public init(reports: [SiteReport], polId: String, holdMinutes: Int) {
        let hold = TimeInterval(holdMinutes * 60)
        let ordered = reports.filter { $0.code == Self.code && $0.polId == polId }
            .sorted { ($0.dataTime, $0.frameId) < ($1.dataTime, $1.frameId) }
        var instants: [SiteReport] = []
        for report in ordered where instants.last?.dataTime != report.dataTime { instants.append(report) }
        var periods: [Period] = []
        for (index, report) in instants.enumerated() {
            guard let state = Self.state(report.value) else { continue }
            var end = report.dataTime.addingTimeInterval(hold)
            if index + 1 < instants.count { end = min(end, instants[index + 1].dataTime) }
            guard end > report.dataTime else { continue }
            if let last = periods.last, last.state == state, last.end == report.dataTime {
                periods[periods.count - 1].end = end
            } else {
                periods.append(Period(start: report.dataTime, end: end, state: state))
            }
        }
        self.periods = periods
    }

    /// The state a reported value stands for: a whole number (`1`, ` 1 `, `1.0`), else nil.
    static func state(_ value: String) -> Int? {
        guard let number = Double(value.trimmingCharacters(in: .whitespaces)), number.isFinite, number == number.rounded(),
              abs(number) < 1_000_000 else { return nil }
        return Int(number)
    }

    /// The state in force at `instant`, nil when unknown.
    public func state(at instant: Date) -> Int? {
        var low = 0, high = periods.count
        while low < high {
            let middle = (low + high) / 2
            if periods[middle].end <= instant { low = middle + 1 } else { high = middle }
        }
        guard low < periods.count, periods[low].start <= instant else { return nil }
        return periods[low].state
    }

    /// The state on `grid`'s slots, as `AbnormalOperationDetector` takes it: each slot carries the
    /// state in force at its middle (the state holding over most of it, a change exactly at the
    /// middle counting for the later state), with flag `N`; `absent` where unknown.
    public func series(on grid: SampleSeries) throws(JudgmentInputError) -> SampleSeries {
        var values = [Double](repeating: 0, count: grid.count)
        var flags = [DataFlag](repeating: .absent, count: grid.count)
        let half = TimeInterval(grid.intervalSeconds) / 2
        var next = 0
        for index in 0..<grid.count {
            let middle = grid.slotStart(index).addingTimeInterval(half)
            while next < periods.count, periods[next].end <= middle { next += 1 }
            guard next < periods.count, periods[next].start <= middle else { continue }
            values[index] = Double(periods[next].state)
            flags[index] = .n
        }
        return try SampleSeries(start: grid.start, intervalSeconds: grid.intervalSeconds, values: values, flags: flags)
    }

    /// Where two timelines disagree: from the first instant at which their states differ to the
    /// last; nil when they are equal.
    public static func changedSpan(from old: Self, to new: Self) -> TimeSpan? {
        let bounds = Set(old.periods.flatMap { [$0.start, $0.end] } + new.periods.flatMap { [$0.start, $0.end] }).sorted()
        var first: Date?, last: Date?
        // Both timelines are constant between consecutive bounds and unknown after the last.
        for (index, bound) in bounds.enumerated().dropLast() where old.state(at: bound) != new.state(at: bound) {
            first = first ?? bound
            last = bounds[index + 1]
        }
        guard let first, let last else { return nil }
        return TimeSpan(start: first, end: last)
    }

    /// The span whose equipment states change when `added` join the stored `reports` (which may
    /// already hold them): per `PolId` of an added `i12001` report, from the first instant its
    /// state differs to the last; their union's hull. Nil when no state changes (a periodic report
    /// repeating the state in force, a report that is no state where nothing was known).
    public static func affectedSpan(of added: [SiteReport], among reports: [SiteReport], holdMinutes: Int) -> TimeSpan? {
        let addedInstants = Set(added.filter { $0.code == code }.map { InstantKey(polId: $0.polId, dataTime: $0.dataTime) })
        let before = reports.filter { !addedInstants.contains(InstantKey(polId: $0.polId, dataTime: $0.dataTime)) }
        let after = before + added
        var start: Date?, end: Date?
        for polId in Set(addedInstants.map(\.polId)).sorted() {
            guard let span = changedSpan(from: Self(reports: before, polId: polId, holdMinutes: holdMinutes),
                                         to: Self(reports: after, polId: polId, holdMinutes: holdMinutes)) else { continue }
            start = min(start ?? span.start, span.start)
            end = max(end ?? span.end, span.end)
        }
        guard let start, let end else { return nil }
        return TimeSpan(start: start, end: end)
    }

    private struct InstantKey: Hashable {
        var polId: String
        var dataTime: Date
    }
}
