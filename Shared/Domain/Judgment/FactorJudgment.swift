/// Everything the rules conclude about one factor of one outlet over a range, in the layers and
/// order the service stores and publishes. Equal inputs and rules give equal values.
public struct FactorJudgment: Sendable, Hashable {
    public var outletId: String
    public var pointId: String
    public var factor: String
    public var rulesVersion: String
    public var hours: [PeriodMean]
    public var days: [PeriodMean]
    public var months: [PeriodMean]
    /// Every hour judged: against the hourly limit, or (daily basis only) against the daily
    /// limit's reference O2 as pre-warnings.
    public var judgedHours: [JudgedPeriod]
    /// Every China-time day judged, when a daily basis is configured.
    public var judgedDays: [JudgedPeriod]
    /// Hourly episodes first, then daily ones, each in order of start.
    public var episodes: [ExceedanceEpisode]
    /// Gaps of this factor; the outlet's findings with the quarterly exemption come from
    /// `QuarterlyGapExemption` over all factors of the outlet.
    public var gaps: [DataGap]
    public var abnormal: [AbnormalFinding]
    /// Flat-while-load-swings, clustering and converted-mismatch suspicions. O2 near 21 % is
    /// per outlet: `FalsificationDetector.oxygenNear21`.
    public var suspicions: [FalsificationSuspicion]
    public var qualityDays: [DataQualityFigure]
    public var qualityMonths: [DataQualityFigure]

    public init(outletId: String, pointId: String, factor: String, rulesVersion: String, hours: [PeriodMean], days: [PeriodMean],
                months: [PeriodMean], judgedHours: [JudgedPeriod], judgedDays: [JudgedPeriod], episodes: [ExceedanceEpisode],
                gaps: [DataGap], abnormal: [AbnormalFinding], suspicions: [FalsificationSuspicion], qualityDays: [DataQualityFigure],
                qualityMonths: [DataQualityFigure]) {
        self.outletId = outletId
        self.pointId = pointId
        self.factor = factor
        self.rulesVersion = rulesVersion
        self.hours = hours
        self.days = days
        self.months = months
        self.judgedHours = judgedHours
        self.judgedDays = judgedDays
        self.episodes = episodes
        self.gaps = gaps
        self.abnormal = abnormal
        self.suspicions = suspicions
        self.qualityDays = qualityDays
        self.qualityMonths = qualityMonths
    }
}
