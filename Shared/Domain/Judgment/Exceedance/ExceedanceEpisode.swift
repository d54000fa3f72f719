public import Foundation

/// Consecutive exceeding periods of one factor at one outlet (judgment.md §3): orders are about
/// episodes, not single hours. An episode runs across midnight and across a limit change; its
/// value, limit and multiple are those of its worst period, and every period keeps its own.
public struct ExceedanceEpisode: Sendable, Hashable, Identifiable {
    /// Stable across recomputation: outlet, factor, basis and start (`JudgmentId.exceedance`).
    public var id: String
    public var outletId: String
    public var factor: String
    public var basis: AveragingBasis
    public var start: Date
    public var end: Date
    /// Every exceeding period, in order, with its inputs.
    public var periods: [JudgedPeriod]
    /// The worst period (largest severity; the earliest of equals).
    public var peakStart: Date
    public var value: Double
    public var limit: LimitValue
    /// 超标倍数 of the worst period (nil for a range limit such as pH).
    public var multiple: Double?
    /// Every limit row used, in order of first use (two when the limit changed inside the episode).
    public var limits: [LimitReference]
    public var rulesVersion: String
    /// False while the last judged period of the evaluated range still exceeds: the episode may
    /// go on when the next period arrives.
    public var isClosed: Bool

    public init(id: String, outletId: String, factor: String, basis: AveragingBasis, start: Date, end: Date,
                periods: [JudgedPeriod], peakStart: Date, value: Double, limit: LimitValue, multiple: Double?,
                limits: [LimitReference], rulesVersion: String, isClosed: Bool) {
        self.id = id
        self.outletId = outletId
        self.factor = factor
        self.basis = basis
        self.start = start
        self.end = end
        self.periods = periods
        self.peakStart = peakStart
        self.value = value
        self.limit = limit
        self.multiple = multiple
        self.limits = limits
        self.rulesVersion = rulesVersion
        self.isClosed = isClosed
    }

    /// Episodes from judged periods in time order: a run of `exceeded` periods each starting where
    /// the previous ended. Any other outcome (within the limit, invalid, exempted, no value) or a
    /// hole in time ends the run: "consecutive exceeding hours" is taken strictly.
    public static func form(from periods: [JudgedPeriod], outletId: String, factor: String, rulesVersion: String) -> [ExceedanceEpisode] {
        var episodes: [ExceedanceEpisode] = []
        var run: [JudgedPeriod] = []
        func close(isClosed: Bool) {
            defer { run.removeAll() }
            guard let first = run.first, let last = run.last else { return }
            var peak = first
            for period in run.dropFirst() where period.severity > peak.severity { peak = period }
            var limits: [LimitReference] = []
            for period in run {
                if let limit = period.limit, !limits.contains(limit) { limits.append(limit) }
            }
            episodes.append(ExceedanceEpisode(
                id: JudgmentId.exceedance(outletId: outletId, factor: factor, basis: first.basis, start: first.start),
                outletId: outletId, factor: factor, basis: first.basis, start: first.start, end: last.end, periods: run,
                peakStart: peak.start, value: peak.value ?? 0, limit: peak.limit?.limit ?? .maximum(0), multiple: peak.multiple,
                limits: limits, rulesVersion: rulesVersion, isClosed: isClosed))
        }
        for period in periods {
            if period.outcome == .exceeded {
                if let last = run.last, last.end != period.start { close(isClosed: true) }
                run.append(period)
            } else {
                close(isClosed: true)
            }
        }
        close(isClosed: false)
        return episodes
    }
}
