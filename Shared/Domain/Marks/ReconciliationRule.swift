/// One reconciliation rule (对账规则) for a unit type: which parameter contradicts (or reveals)
/// which marks, and at what threshold. Rows live in mark-checks.json with their source and
/// effective dates; a threshold change is a new row or a new file version, never a code change.
public struct ReconciliationRule: Sendable, Hashable, Identifiable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A mark of `markTypes` while the parameter is `above` the threshold: suspected false mark.
        case suspectedFalse = "suspected-false"
        /// The parameter `below` the threshold for at least `minimumMinutes` with no mark of
        /// `markTypes` covering it: a stop or shut-down left unmarked (missed mark).
        case missedStop = "missed-stop"
        /// A mark of `markTypes` starting within `withinMinutes` after a mark of `afterTypes` ended:
        /// the phase belongs to the earlier mark (e.g. 并网/供能 for a post-fault re-connection).
        case wrongSequence = "wrong-sequence"
        /// An exceedance Judgment still stands for after the marking deadline of its period, not
        /// covered by any mark excluding its data (of `markTypes`, or of any type when empty):
        /// its data count as normal and valid (missed mark).
        case missedExceedance = "missed-exceedance"
        /// A gap in the data (Judgment's abnormal-operation findings of `findingKinds`: missing data,
        /// communication loss) standing after the marking deadline of its period, not covered by any
        /// mark excluding the data (of `markTypes`, or of any type when empty): missed mark.
        case missedGap = "missed-gap"
        /// A period the platform proposed a mark of `markTypes` for (from device flags or equipment
        /// states: calibration, maintenance), ended and neither confirmed nor rejected once the
        /// marking deadline of its period has passed, not covered by a mark excluding the data.
        case missedProposal = "missed-proposal"
    }

    public enum Comparison: String, Sendable, Hashable, Codable {
        case above, below

        public func holds(_ value: Double, _ threshold: Double) -> Bool { self == .above ? value > threshold : value < threshold }

        public var symbol: String { self == .above ? ">" : "<" }
    }

    public var id: String
    public var kind: Kind
    public var unitTypes: Set<UnitType>
    public var markTypes: Set<String>
    /// The parameter code as the devices send it (`e20101`, `i33400`); empty for `wrongSequence`
    /// and `missedExceedance`.
    public var parameterCode: String
    public var parameterNameZh: String
    public var measureUnit: String
    public var comparison: Comparison
    public var threshold: Double
    /// `missedGap`: the abnormal-operation finding kinds (`missing-data`, `communication-loss`) that
    /// are gaps the enterprise must mark.
    public var findingKinds: Set<String>
    /// When set, the threshold is this share of the unit's rated capacity (same measure unit as the
    /// parameter), not `threshold`: "near rated output" differs for a 135 MW and a 600 MW unit. A
    /// unit without a capacity in that unit is not judged by the rule.
    public var thresholdShareOfCapacity: Double?
    /// `suspectedFalse`: consecutive samples beyond the threshold before the mark is doubted.
    public var minimumSamples: Int
    /// `missedStop`: how long the parameter must stay beyond the threshold.
    public var minimumMinutes: Double
    /// `wrongSequence`: types whose end the mark must not follow closely.
    public var afterTypes: Set<String>
    public var withinMinutes: Double
    /// `missedStop`: the mark type proposed for an unmarked stop once it has ended (one of `markTypes`).
    public var proposedTypeId: String?
    public var messageZh: String
    public var effective: EffectivePeriod
    public var sourceNote: String
    public var provisional: Bool

    /// The threshold for a unit: the share of its capacity when the rule names one, else `threshold`;
    /// nil when the rule needs a capacity the unit does not have in the parameter's measure unit.
    public func threshold(for capacity: ProductionUnit.Capacity?) -> Double? {
        guard let share = thresholdShareOfCapacity else { return threshold }
        guard let capacity, capacity.unit == measureUnit, capacity.value > 0 else { return nil }
        return share * capacity.value
    }

    public init(id: String, kind: Kind, unitTypes: Set<UnitType>, markTypes: Set<String>, parameterCode: String, parameterNameZh: String,
                measureUnit: String, comparison: Comparison, threshold: Double, minimumSamples: Int, minimumMinutes: Double,
                afterTypes: Set<String>, withinMinutes: Double, proposedTypeId: String? = nil, messageZh: String, effective: EffectivePeriod,
                sourceNote: String, provisional: Bool, thresholdShareOfCapacity: Double? = nil, findingKinds: Set<String> = []) {
        self.thresholdShareOfCapacity = thresholdShareOfCapacity
        self.findingKinds = findingKinds
        self.id = id
        self.kind = kind
        self.unitTypes = unitTypes
        self.markTypes = markTypes
        self.parameterCode = parameterCode
        self.parameterNameZh = parameterNameZh
        self.measureUnit = measureUnit
        self.comparison = comparison
        self.threshold = threshold
        self.minimumSamples = minimumSamples
        self.minimumMinutes = minimumMinutes
        self.afterTypes = afterTypes
        self.withinMinutes = withinMinutes
        self.proposedTypeId = proposedTypeId
        self.messageZh = messageZh
        self.effective = effective
        self.sourceNote = sourceNote
        self.provisional = provisional
    }
}
