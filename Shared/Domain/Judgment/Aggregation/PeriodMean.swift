public import Foundation

/// The mean of one factor over an hour, a China-time day or a China-time month, recomputed from
/// the level below (judgment.md §1), in the three layers kept side by side: raw (flags only),
/// after marking (flags and marks: `value`, `isValid`), and after exemption
/// (`isValidAfterExemption`). Counts are in units of the level below: minutes for an hour,
/// hours for a day, days for a month.
public struct PeriodMean: Sendable, Hashable {
    public enum Level: String, Sendable, Hashable, Codable {
        case hour, day, month
    }

    /// Where the mean came from.
    public enum Source: String, Sendable, Hashable, Codable {
        /// Recomputed from the lower level the platform holds.
        case recomputed
        /// The device's own mean (CN 2061), used only for an hour without any minute received.
        case device
    }

    public enum Weighting: String, Sendable, Hashable, Codable {
        /// Σ(c × q) / Σ(q) over the valid values (flow measured for every one of them).
        case flow
        /// Plain mean: no flow series for this factor.
        case arithmetic
        /// Plain mean because flow was measured but missing or zero for some valid value.
        case arithmeticFlowIncomplete = "arithmetic-flow-incomplete"
        /// A single value (a device hour), nothing to weight.
        case single
    }

    /// Minutes of the period by the status of the values in them (after marking). For a device
    /// hour, its 60 minutes carry the hour's status.
    public struct StatusMinutes: Sendable, Hashable {
        public var valid = 0
        public var overRange = 0
        public var notMeasured = 0
        public var invalid = 0
        public var missing = 0
        public var outOfService = 0

        public init() {}

        mutating func add(_ status: SampleStatus, _ minutes: Int) {
            switch status {
            case .valid: valid += minutes
            case .overRange: overRange += minutes
            case .notMeasured: notMeasured += minutes
            case .invalid: invalid += minutes
            case .missing: missing += minutes
            case .outOfService: outOfService += minutes
            }
        }

        mutating func add(_ other: StatusMinutes) {
            valid += other.valid
            overRange += other.overRange
            notMeasured += other.notMeasured
            invalid += other.invalid
            missing += other.missing
            outOfService += other.outOfService
        }

        /// Minutes with a valid measured value (over range included: it is kept and counted).
        public var measured: Int { valid + overRange }
        /// Minutes with anything received (not missing).
        public var received: Int { valid + overRange + notMeasured + invalid + outOfService }
    }

    public var level: Level
    public var start: Date
    public var end: Date
    public var source: Source
    /// After marking; nil when no valid value at all (even an invalid period keeps the mean of
    /// what was valid, for display; only `isValid` periods are judged).
    public var value: Double?
    public var validCount: Int
    public var requiredCount: Int
    /// Units the period should have (60 minutes, 24 hours, the days of the month).
    public var expectedCount: Int
    /// Raw layer: from the flags alone, as the device saw it.
    public var rawValue: Double?
    public var rawValidCount: Int
    /// Valid units that an exempting mark covers.
    public var exemptValidCount: Int
    public var weighting: Weighting
    public var minutes: StatusMinutes
    /// The mean the device sent for the period (CN 2061 / 2031), kept beside the recomputed one.
    public var deviceMean: Double?
    /// The device's mean disagrees with the raw recomputed mean beyond the rules' tolerance.
    public var deviceMeanMismatch: Bool

    public init(level: Level, start: Date, end: Date, source: Source, value: Double?, validCount: Int, requiredCount: Int,
                expectedCount: Int, rawValue: Double?, rawValidCount: Int, exemptValidCount: Int, weighting: Weighting,
                minutes: StatusMinutes, deviceMean: Double?, deviceMeanMismatch: Bool) {
        self.level = level
        self.start = start
        self.end = end
        self.source = source
        self.value = value
        self.validCount = validCount
        self.requiredCount = requiredCount
        self.expectedCount = expectedCount
        self.rawValue = rawValue
        self.rawValidCount = rawValidCount
        self.exemptValidCount = exemptValidCount
        self.weighting = weighting
        self.minutes = minutes
        self.deviceMean = deviceMean
        self.deviceMeanMismatch = deviceMeanMismatch
    }

    /// After marking: enough valid values below (45 minutes, 20 hours, 25 or 23 days by the seed rules).
    public var isValid: Bool { value != nil && validCount >= requiredCount }

    public var isRawValid: Bool { rawValue != nil && rawValidCount >= requiredCount }

    /// After exemption: still enough valid values once those under an exempting mark are left out.
    public var isValidAfterExemption: Bool { isValid && validCount - exemptValidCount >= requiredCount }

    /// The value when the period is valid.
    public var validValue: Double? { isValid ? value : nil }
}
