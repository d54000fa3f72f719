public import Foundation

/// Abnormal operation of the monitoring equipment (自动监测设备不正常运行) as Judgment publishes it
/// on `duban.judgments` (`cn.duban.judgment.abnormal.v1`): a gap while the source operates (with
/// the quarterly fault exemption applied), communication loss, unchanged values, over range, long
/// or frequent D/M/C, an equipment state contradicting flags, an undefined flag. `id` is stable
/// across recomputation (point × kind × factor × start); `version` grows when a recomputation
/// changes it, like `ExceedanceJudgment`.
public struct AbnormalOperationJudgment: VersionedJudgment {
    public typealias Status = JudgmentStatus

    /// What was seen, as `AbnormalFinding.Evidence`; only the fields of the kind are set.
    public struct Evidence: Codable, Sendable, Equatable {
        public var minutes: Int
        public var flag: String?
        public var runs: Int?
        public var value: Double?
        public var rangeHigh: Double?
        public var statusCode: String?
        public var statusValue: Int?
        public var flagsSeen: [String]
        /// `fault`, `communication`, `no-data` for a gap.
        public var gapCause: String?
        public var markIds: [String]

        public init(minutes: Int, flag: String?, runs: Int?, value: Double?, rangeHigh: Double?, statusCode: String?, statusValue: Int?,
                    flagsSeen: [String], gapCause: String?, markIds: [String]) {
            self.minutes = minutes
            self.flag = flag
            self.runs = runs
            self.value = value
            self.rangeHigh = rangeHigh
            self.statusCode = statusCode
            self.statusValue = statusValue
            self.flagsSeen = flagsSeen
            self.gapCause = gapCause
            self.markIds = markIds
        }
    }

    /// The quarterly fault-gap exemption (one gap of at most 8 h per outlet per quarter).
    public struct Exemption: Codable, Sendable, Equatable {
        /// This finding used the quarter's exemption: recorded, not abnormal operation.
        public var used: Bool
        /// The quarter it used, `2026Q4`.
        public var quarter: String?
        public init(used: Bool, quarter: String?) {
            self.used = used
            self.quarter = quarter
        }
    }

    /// What the finding was computed from, so anyone can recompute it.
    public struct Inputs: Codable, Sendable, Equatable {
        /// The level of the series examined: `2051` (minutes) or `2061` (hours).
        public var cn: String
        public var intervalSeconds: Int
        /// Stored values inside the period (flagged ones included).
        public var valuesInPeriod: Int
        /// The frame of the last stored value inside the period, if any.
        public var lastFrameId: String?
        public init(cn: String, intervalSeconds: Int, valuesInPeriod: Int, lastFrameId: String?) {
            self.cn = cn
            self.intervalSeconds = intervalSeconds
            self.valuesInPeriod = valuesInPeriod
            self.lastFrameId = lastFrameId
        }
    }

    public var id: String
    public var version: Int
    public var status: Status
    /// `AbnormalFinding.Kind` raw value: `missing-data`, `communication-loss`, `constant-value`…
    public var kind: String
    public var kindName: String
    public var enterpriseId: String
    public var enterpriseName: String
    public var outletId: String
    public var outletName: String
    public var mn: String
    /// The factors concerned, sorted (several for a gap of the whole point).
    public var factors: [String]
    public var periodStart: Date
    /// Exclusive end as known so far; grows while the finding is open.
    public var periodEnd: Date
    /// The run reached the end of the judged data and may go on.
    public var ongoing: Bool
    public var evidence: Evidence
    public var exemption: Exemption
    /// For a gap (missing data, communication loss): which gap of its kind this is at the outlet
    /// in the China-time quarter of its start, counting every gap of the quarter that is not
    /// withdrawn, exempted ones included, in order of start (overlapping gaps of the outlet's
    /// points are one gap). What the supervision trigger `occurrencesInQuarter` compares
    /// (a second gap of the quarter goes to dispatch). Absent for other kinds.
    public var occurrencesInQuarter: Int?
    public var rulesVersion: String
    public var inputs: Inputs
    public var countyCode: String?
    public var cityCode: String?

    public init(id: String, version: Int, status: Status, kind: String, kindName: String, enterpriseId: String, enterpriseName: String,
                outletId: String, outletName: String, mn: String, factors: [String], periodStart: Date, periodEnd: Date, ongoing: Bool,
                evidence: Evidence, exemption: Exemption, occurrencesInQuarter: Int? = nil, rulesVersion: String, inputs: Inputs,
                countyCode: String?, cityCode: String?) {
        self.id = id
        self.version = version
        self.status = status
        self.kind = kind
        self.kindName = kindName
        self.enterpriseId = enterpriseId
        self.enterpriseName = enterpriseName
        self.outletId = outletId
        self.outletName = outletName
        self.mn = mn
        self.factors = factors
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.ongoing = ongoing
        self.evidence = evidence
        self.exemption = exemption
        self.occurrencesInQuarter = occurrencesInQuarter
        self.rulesVersion = rulesVersion
        self.inputs = inputs
        self.countyCode = countyCode
        self.cityCode = cityCode
    }
}

extension AbnormalOperationJudgment {
    /// A recomputed finding has ended when it no longer goes on to the judged data.
    public var hasEnded: Bool { !ongoing }
}
