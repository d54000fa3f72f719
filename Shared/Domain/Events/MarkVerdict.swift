public import Foundation

/// A reconciliation verdict on `duban.marks` (`cn.duban.mark.verdict.v1`), keyed like the mark:
/// what the plant's own signals say about a mark (or about a period nobody marked). `id` is
/// stable for the same mark version, rule and outcome, so a recomputation that reaches the same
/// verdict publishes nothing new.
public struct MarkVerdict: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case consistent
        /// 虚假标记 (suspected): the parameters contradict the mark.
        case suspectedFalse = "suspected-false"
        /// 错标: type or overlap / sequence rule broken.
        case wrong
        /// 漏标: an abnormal period left unmarked.
        case missed

        public var nameZh: String {
            switch self {
            case .consistent: "一致"
            case .suspectedFalse: "疑似虚假标记"
            case .wrong: "错标"
            case .missed: "漏标"
            }
        }
    }

    /// One input the rule looked at: a parameter series (evidence) or another mark.
    public struct Input: Codable, Sendable, Equatable {
        public struct Sample: Codable, Sendable, Equatable {
            public var time: Date
            public var value: Double
            public init(time: Date, value: Double) {
                self.time = time
                self.value = value
            }
        }

        /// Parameter code, or `mark:<id>` for a mark.
        public var source: String
        public var nameZh: String
        public var measureUnit: String
        public var comparison: String
        public var threshold: Double?
        public var samples: [Sample]

        public init(source: String, nameZh: String, measureUnit: String, comparison: String, threshold: Double?, samples: [Sample]) {
            self.source = source
            self.nameZh = nameZh
            self.measureUnit = measureUnit
            self.comparison = comparison
            self.threshold = threshold
            self.samples = samples
        }
    }

    public var id: String
    public var kind: Kind
    /// Reconciliation rule id (mark-checks.json), or `all-rules` for consistent.
    public var ruleId: String
    public var markId: String?
    public var markVersion: Int?
    public var markTypeId: String?
    public var enterpriseId: String
    public var outletId: String
    public var mn: String?
    /// The span judged (the mark's, or the unmarked period's).
    public var start: Date
    public var end: Date
    public var messageZh: String
    public var inputs: [Input]
    /// Version of mark-checks.json the rule came from.
    public var catalogueVersion: String
    public var decidedAt: Date

    public init(id: String, kind: Kind, ruleId: String, markId: String?, markVersion: Int?, markTypeId: String?, enterpriseId: String,
                outletId: String, mn: String?, start: Date, end: Date, messageZh: String, inputs: [Input], catalogueVersion: String,
                decidedAt: Date) {
        self.id = id
        self.kind = kind
        self.ruleId = ruleId
        self.markId = markId
        self.markVersion = markVersion
        self.markTypeId = markTypeId
        self.enterpriseId = enterpriseId
        self.outletId = outletId
        self.mn = mn
        self.start = start
        self.end = end
        self.messageZh = messageZh
        self.inputs = inputs
        self.catalogueVersion = catalogueVersion
        self.decidedAt = decidedAt
    }
}
