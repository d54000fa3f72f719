public import Foundation

/// A fact of abnormal operation of the monitoring equipment (不正常运行, judgment.md §4), with its
/// evidence and the rules version it was found by.
public struct AbnormalFinding: TimedJudgment {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// No valid data while the source operates (a gap), unless exempted.
        case missingData = "missing-data"
        /// Flag `B` for the rules' minimum time.
        case communicationLoss = "communication-loss"
        /// Values unchanged (长期固定不变) for the rules' minimum time while the source operates.
        case constantValue = "constant-value"
        /// Flag `T`, or values at the analyser's range end.
        case overRange = "over-range"
        /// One `D`, `M` or `C` period longer than the rules allow.
        case longFlagRun = "long-flag-run"
        /// More `D`, `M` or `C` periods in a China-time day than the rules allow.
        case frequentFlagRuns = "frequent-flag-runs"
        /// The equipment state (i12001) contradicts the flags and marks.
        case statusContradiction = "status-contradiction"
        /// A flag the code rules do not define.
        case unknownFlag = "unknown-flag"

        public var nameZh: String {
            switch self {
            case .missingData: "数据缺失"
            case .communicationLoss: "通讯中断"
            case .constantValue: "数据长期固定不变"
            case .overRange: "超量程"
            case .longFlagRun: "长时间故障/维护/校准"
            case .frequentFlagRuns: "频繁故障/维护/校准"
            case .statusContradiction: "设备状态与数据标记或企业标记矛盾"
            case .unknownFlag: "未定义的数据标记"
            }
        }
    }

    /// What was seen. Only the fields that concern the kind are set.
    public struct Evidence: Sendable, Hashable {
        /// Minutes the finding spans (valid minutes for a constant value).
        public var minutes: Int
        public var flag: String?
        /// Number of runs in the day (frequent runs).
        public var runs: Int?
        /// The unchanged value, or the highest value at the range end.
        public var value: Double?
        public var rangeHigh: Double?
        public var statusCode: String?
        public var statusValue: Int?
        /// Flags received against the state, sorted.
        public var flagsSeen: [String]
        public var gapCause: DataGap.Cause?
        /// The quarter whose exemption this gap used, if any.
        public var exemptionQuarter: String?
        public var markIds: [String]

        public init(minutes: Int, flag: String? = nil, runs: Int? = nil, value: Double? = nil, rangeHigh: Double? = nil,
                    statusCode: String? = nil, statusValue: Int? = nil, flagsSeen: [String] = [], gapCause: DataGap.Cause? = nil,
                    exemptionQuarter: String? = nil, markIds: [String] = []) {
            self.minutes = minutes
            self.flag = flag
            self.runs = runs
            self.value = value
            self.rangeHigh = rangeHigh
            self.statusCode = statusCode
            self.statusValue = statusValue
            self.flagsSeen = flagsSeen
            self.gapCause = gapCause
            self.exemptionQuarter = exemptionQuarter
            self.markIds = markIds
        }
    }

    public var id: String
    public var kind: Kind
    public var outletId: String
    /// The factors concerned (several for a gap of the whole outlet).
    public var factors: [String]
    public var start: Date
    public var end: Date
    public var evidence: Evidence
    /// A fault gap covered by the quarter's exemption: recorded, not counted as abnormal operation.
    public var isExempted: Bool
    /// The run reaches the end of the evaluated range and may go on.
    public var isOpen: Bool
    public var rulesVersion: String

    public init(id: String, kind: Kind, outletId: String, factors: [String], start: Date, end: Date, evidence: Evidence,
                isExempted: Bool, isOpen: Bool, rulesVersion: String) {
        self.id = id
        self.kind = kind
        self.outletId = outletId
        self.factors = factors
        self.start = start
        self.end = end
        self.evidence = evidence
        self.isExempted = isExempted
        self.isOpen = isOpen
        self.rulesVersion = rulesVersion
    }

    /// Deterministic order of a list of findings: by start, kind, then id.
    static func ordered(_ a: AbnormalFinding, _ b: AbnormalFinding) -> Bool {
        (a.start, a.kind.rawValue, a.id) < (b.start, b.kind.rawValue, b.id)
    }
}
