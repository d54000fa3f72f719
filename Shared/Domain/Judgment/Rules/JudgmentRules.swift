/// Every threshold the judgment rules use, as one versioned set of data (`data/rules/
/// judgment-rules.json`). Logic never holds these numbers; each output names `version`, so a
/// judgment can be recomputed with the rules it was made by. Each section carries its source and
/// whether its values are provisional (not confirmed from the original text, judgment.md).
public struct JudgmentRules: Sendable, Hashable {
    /// Validity of hourly, daily and monthly means (HJ 75-2017 / HJ 76-2017).
    public struct Aggregation: Sendable, Hashable, Codable {
        public var source: String
        public var provisional: Bool
        /// An hour is valid with at least this many valid minutes.
        public var hourMinimumValidMinutes: Int
        /// A day is valid with at least this many valid hours (air).
        public var dayMinimumValidHours: Int
        /// A month is valid with at least this many valid days…
        public var monthMinimumValidDays: Int
        /// …and February with at least this many.
        public var februaryMinimumValidDays: Int
    }

    /// Water daily means (HJ 353–356-2019): valid with a minimum share of the expected values.
    public struct Water: Sendable, Hashable, Codable {
        public var source: String
        public var provisional: Bool
        public var dayMinimumValidShare: Double
    }

    /// When a mean the device sent disagrees with the recomputed one.
    public struct DeviceMean: Sendable, Hashable, Codable {
        public var source: String
        public var provisional: Bool
        /// Mismatch when |device − recomputed| > max(absoluteTolerance, relativeTolerance × |recomputed|).
        public var relativeTolerance: Double
        public var absoluteTolerance: Double
    }

    /// The guard of the oxygen-reference conversion near 21 %.
    public struct Oxygen: Sendable, Hashable, Codable {
        public var source: String
        public var provisional: Bool
        /// Measured O2 above this is capped to it (and flagged) so the divisor 21 − O2 stays away from 0.
        public var maximumMeasuredO2: Double
    }

    /// Substitutes for invalid hours, for emission amounts only (HJ 75-2017; provisional).
    public struct Substitution: Sendable, Hashable, Codable {
        /// The first row whose conditions hold decides: capture rate at least `minimumCaptureRate`
        /// and the gap at most `maximumGapHours` (any length when absent); the substitute is the
        /// largest of the previous `previousValidHours` valid hourly values.
        public struct Row: Sendable, Hashable, Codable {
            public var minimumCaptureRate: Double
            public var maximumGapHours: Int?
            public var previousValidHours: Int
        }

        public var source: String
        public var provisional: Bool
        public var rows: [Row]
    }

    /// Total quantity (总量) warnings.
    public struct Totals: Sendable, Hashable, Codable {
        public var source: String
        public var provisional: Bool
        /// Warn when the projected total exceeds this share of the permitted amount.
        public var warnAtShareOfPermitted: Double
        /// The current rate is the mean of the last this many days of the period.
        public var projectionBasisDays: Int
    }

    /// The fault-gap exemption (2018 national notice): one gap of at most so many hours per
    /// outlet per quarter.
    public struct GapExemption: Sendable, Hashable, Codable {
        public var source: String
        public var provisional: Bool
        public var maximumHours: Int
        public var perQuarter: Int
    }

    /// What counts as a data gap while the source operates.
    public struct Gaps: Sendable, Hashable, Codable {
        public var source: String
        public var provisional: Bool
        /// Shorter runs without valid data are not reported as gaps.
        public var minimumMinutes: Int
        /// A gap wholly covered by these mark types (or flagged `D`) is fault-caused.
        public var faultMarkTypes: [String]
        /// Scheduled work, judged by the flag-run rules instead of as a gap.
        public var excludedFlags: [String]
        public var excludedMarkTypes: [String]
    }

    /// Long or frequent runs of one flag.
    public struct FlagRun: Sendable, Hashable, Codable {
        public var flag: String
        public var maximumRunMinutes: Int
        public var maximumRunsPerDay: Int
    }

    /// An equipment status value and the flags or marks that agree with it.
    public struct StatusExpectation: Sendable, Hashable, Codable {
        public var code: String
        public var values: [Int]
        /// Flags consistent with the state; any other received flag contradicts it…
        public var flags: [String]
        /// …unless a mark of one of these types covers the value.
        public var markTypes: [String]
    }

    /// Abnormal operation of the monitoring equipment (judgment.md §4).
    public struct Equipment: Sendable, Hashable, Codable {
        public var source: String
        public var provisional: Bool
        public var communicationLossMinimumMinutes: Int
        public var constantValueMinimumMinutes: Int
        /// Values within this of the run's first value count as unchanged.
        public var constantValueTolerance: Double
        public var overRangeMinimumMinutes: Int
        /// A value at or above this share of the analyser's upper range counts as at the range end.
        public var rangeEndShare: Double
        public var flagRuns: [FlagRun]
        public var statusExpectations: [StatusExpectation]
        public var statusContradictionMinimumMinutes: Int
        /// How long a reported equipment state (i12001) holds without a newer report of its
        /// `PolId`; after that the state is unknown until the next report.
        public var statusHoldMinutes: Int
        public var statusHoldMinutesNote: String
    }

    /// Signs of falsification (judgment.md §5): suspicions with evidence, not verdicts.
    public struct Suspicion: Sendable, Hashable, Codable {
        public var source: String
        public var provisional: Bool
        public var oxygenNear21Percent: Double
        public var oxygenNear21MinimumHours: Int
        /// Flat concentration while load swings, per China day.
        public var flatMinimumHours: Int
        public var flatMaximumVariation: Double
        public var flatMinimumLoadSwing: Double
        /// Clustering just under the limit, per China month.
        public var clusterBand: Double
        public var clusterMinimumShare: Double
        public var clusterMinimumHours: Int
        /// A device-converted value that does not follow from the raw value and O2.
        public var convertedRelativeTolerance: Double
        public var convertedMinimumHours: Int
        /// The process parameters that stand for the source's load, in order of preference: the
        /// first one a point sends is the load of flat-while-load-swings.
        public var loadFactors: [String]
        public var loadFactorsNote: String
        /// Analyser parameters (i13xxx site information) whose change without an equipment mark
        /// is a suspicion.
        public var analyserParameterCodes: [String]
        public var analyserParameterCodesNote: String
    }

    public var version: String
    public var effective: EffectivePeriod
    public var source: String
    public var aggregation: Aggregation
    public var water: Water
    public var deviceMean: DeviceMean
    public var oxygen: Oxygen
    public var substitution: Substitution
    public var totals: Totals
    public var gapExemption: GapExemption
    public var gaps: Gaps
    public var equipment: Equipment
    public var suspicion: Suspicion

    public init(version: String, effective: EffectivePeriod, source: String, aggregation: Aggregation, water: Water,
                deviceMean: DeviceMean, oxygen: Oxygen, substitution: Substitution, totals: Totals, gapExemption: GapExemption,
                gaps: Gaps, equipment: Equipment, suspicion: Suspicion) {
        self.version = version
        self.effective = effective
        self.source = source
        self.aggregation = aggregation
        self.water = water
        self.deviceMean = deviceMean
        self.oxygen = oxygen
        self.substitution = substitution
        self.totals = totals
        self.gapExemption = gapExemption
        self.gaps = gaps
        self.equipment = equipment
        self.suspicion = suspicion
    }

    /// Names of the sections whose values are provisional, in file order.
    public var provisionalSections: [String] {
        [("aggregation", aggregation.provisional), ("water", water.provisional), ("deviceMean", deviceMean.provisional),
         ("oxygen", oxygen.provisional), ("substitution", substitution.provisional), ("totals", totals.provisional),
         ("gapExemption", gapExemption.provisional), ("gaps", gaps.provisional), ("equipment", equipment.provisional),
         ("suspicion", suspicion.provisional)].filter(\.1).map(\.0)
    }

    /// Minimum valid days for the month of `date` (23 in February, else 25 by the seed rules).
    public func monthMinimumValidDays(month: Int) -> Int {
        month == 2 ? aggregation.februaryMinimumValidDays : aggregation.monthMinimumValidDays
    }
}
