
/// One stored mean of one factor at a monitoring point: an hour, a China-time day or a
/// China-time month (`PeriodMean`, with its raw, marked and exempted layers and the minutes by
/// status), and, where the factor is judged, the period as judged (converted value, limit,
/// outcome). The layer the service keeps in `judgment.period_means`.
public struct LevelMean: Sendable, Hashable {
    public var factor: String
    public var mean: PeriodMean
    /// The period against its limit: hours on an hourly basis (or converted against the daily
    /// limit's reference O2 on a daily basis), days on a daily basis; nil when not judged.
    public var judged: JudgedPeriod?
    /// The whole period lies before the judged data's end: a day or month still running is
    /// stored as it stands, marked incomplete.
    public var complete: Bool

    public init(factor: String, mean: PeriodMean, judged: JudgedPeriod?, complete: Bool) {
        self.factor = factor
        self.mean = mean
        self.judged = judged
        self.complete = complete
    }
}
