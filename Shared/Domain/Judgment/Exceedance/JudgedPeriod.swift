public import Foundation

/// One period (hour or day) judged against its limit, with everything that produced the
/// outcome: the mean and how many valid values it rests on, O2 and the conversion, the limit and
/// its catalogue row, and the marks covering the period (judgment.md §3).
public struct JudgedPeriod: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// The valid converted mean breaks the limit.
        case exceeded
        case withinLimit = "within-limit"
        /// Not enough valid values after marking (45 minutes, 20 hours…): never an exceedance.
        case invalid
        /// Valid, but an exempting working-condition mark leaves too few unexempted values.
        case exempted
        /// No limit applies (or the schedule does not cover the day).
        case noLimit = "no-limit"
        /// Valid, but the converted value cannot be formed (no valid O2 and no device value,
        /// missing flue conditions).
        case noValue = "no-value"
    }

    /// What the judged value was computed from.
    public enum ValueSource: String, Sendable, Hashable, Codable {
        /// The recomputed mean converted with the recomputed O2 mean.
        case recomputedFromO2 = "recomputed_from_o2"
        /// The device's converted mean (ZsAvg), used when no valid O2 mean exists.
        case deviceConverted = "device_converted"
        /// No reference O2 applies: the mean as measured (dry, standard state).
        case measured
        /// A day: the (flow-weighted) mean of the day's valid converted hourly values.
        case dailyMeanOfHours = "daily_mean_of_hours"
    }

    public var basis: AveragingBasis
    public var start: Date
    public var end: Date
    public var outcome: Outcome
    /// The judged (converted) value, when one could be formed.
    public var value: Double?
    public var valueSource: ValueSource?
    /// The mean before the oxygen conversion (dry, standard state, mg/m³ or mg/L).
    public var measuredMean: Double?
    public var oxygenMean: Double?
    public var referenceO2: Double?
    /// The measured O2 was above the guard and capped.
    public var oxygenNear21: Bool
    public var limit: LimitReference?
    /// 超标倍数 = value / limit − 1, for an upper limit that is broken; nil otherwise.
    public var multiple: Double?
    /// How far past the limit: the multiple for an upper limit; for a range (pH) the relative
    /// distance beyond the bound crossed. 0 when within.
    public var severity: Double
    public var validCount: Int
    public var requiredCount: Int
    public var weighting: PeriodMean.Weighting?
    /// Recomputed from the level below, or the device's own hour.
    public var meanSource: PeriodMean.Source
    /// Minutes of the period by status after marking (flags and marks that produced the mean).
    public var minutes: PeriodMean.StatusMinutes
    /// Why no value could be formed (`missing-input`…), when `outcome` is `noValue`.
    public var noValueReason: String?
    /// Marks overlapping the period, in order.
    public var markIds: [String]

    public init(basis: AveragingBasis, start: Date, end: Date, outcome: Outcome, value: Double?, valueSource: ValueSource?,
                measuredMean: Double?, oxygenMean: Double?, referenceO2: Double?, oxygenNear21: Bool, limit: LimitReference?,
                multiple: Double?, severity: Double, validCount: Int, requiredCount: Int, weighting: PeriodMean.Weighting?,
                meanSource: PeriodMean.Source, minutes: PeriodMean.StatusMinutes, noValueReason: String?, markIds: [String]) {
        self.basis = basis
        self.start = start
        self.end = end
        self.outcome = outcome
        self.value = value
        self.valueSource = valueSource
        self.measuredMean = measuredMean
        self.oxygenMean = oxygenMean
        self.referenceO2 = referenceO2
        self.oxygenNear21 = oxygenNear21
        self.limit = limit
        self.multiple = multiple
        self.severity = severity
        self.validCount = validCount
        self.requiredCount = requiredCount
        self.weighting = weighting
        self.meanSource = meanSource
        self.minutes = minutes
        self.noValueReason = noValueReason
        self.markIds = markIds
    }
}
