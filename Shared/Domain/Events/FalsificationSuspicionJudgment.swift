public import Foundation

/// A sign of falsification (涉嫌数据造假的疑点, judgment.md §5) as Judgment publishes it on
/// `duban.judgments` (`cn.duban.judgment.suspicion.v1`): a suspicion with its evidence for the
/// local bureau to investigate, never a verdict. `id` is stable across recomputation (kind ×
/// outlet × factor × start @ point); `version` grows when a recomputation changes it, like
/// `AbnormalOperationJudgment`.
public struct FalsificationSuspicionJudgment: VersionedJudgment {
    public typealias Status = JudgmentStatus

    /// One hour shown as evidence (`FalsificationSuspicion.HourEvidence`).
    public struct Hour: Codable, Sendable, Equatable {
        public var start: Date
        /// O2 % for oxygen-near-21; the device's converted value for converted-mismatch.
        public var value: Double
        /// What it is compared with: the operating figure (flow) for oxygen-near-21, the
        /// recomputed converted value for converted-mismatch.
        public var reference: Double?

        public init(start: Date, value: Double, reference: Double?) {
            self.start = start
            self.value = value
            self.reference = reference
        }
    }

    /// An analyser parameter (i13xxx) between two reports (analyser-parameter-changed).
    public struct Parameter: Codable, Sendable, Equatable {
        public var code: String
        /// The code's Chinese name from the code tables, when known.
        public var name: String?
        public var before: String
        public var after: String
        public var reportedBefore: Date
        public var reportedAfter: Date
        public var frameId: String

        public init(code: String, name: String?, before: String, after: String, reportedBefore: Date, reportedAfter: Date, frameId: String) {
            self.code = code
            self.name = name
            self.before = before
            self.after = after
            self.reportedBefore = reportedBefore
            self.reportedAfter = reportedAfter
            self.frameId = frameId
        }
    }

    /// What was seen, as `FalsificationSuspicion.Evidence`; only the fields of the kind are set.
    public struct Evidence: Codable, Sendable, Equatable {
        public var hours: Int
        public var hourly: [Hour]
        /// The factor `reference` is read from (`a00000` flow for oxygen-near-21), if any.
        public var referenceFactor: String?
        public var variation: Double?
        public var loadMinimum: Double?
        public var loadMaximum: Double?
        public var loadSwing: Double?
        public var hoursInBand: Int?
        public var shareInBand: Double?
        public var band: Double?
        public var parameter: Parameter?

        public init(hours: Int, hourly: [Hour], referenceFactor: String?, variation: Double?, loadMinimum: Double?, loadMaximum: Double?,
                    loadSwing: Double?, hoursInBand: Int?, shareInBand: Double?, band: Double?, parameter: Parameter? = nil) {
            self.parameter = parameter
            self.hours = hours
            self.hourly = hourly
            self.referenceFactor = referenceFactor
            self.variation = variation
            self.loadMinimum = loadMinimum
            self.loadMaximum = loadMaximum
            self.loadSwing = loadSwing
            self.hoursInBand = hoursInBand
            self.shareInBand = shareInBand
            self.band = band
        }
    }

    /// What the suspicion was computed from, so anyone can recompute it.
    public struct Inputs: Codable, Sendable, Equatable {
        /// The level of the series examined: `2051` (minutes) or `2061` (hours).
        public var cn: String
        /// Stored values of the factor inside the period.
        public var valuesInPeriod: Int
        /// The frame of the last stored value of the factor inside the period, if any.
        public var lastFrameId: String?

        public init(cn: String, valuesInPeriod: Int, lastFrameId: String?) {
            self.cn = cn
            self.valuesInPeriod = valuesInPeriod
            self.lastFrameId = lastFrameId
        }
    }

    public var id: String
    public var version: Int
    public var status: Status
    /// `FalsificationSuspicion.Kind` raw value: `oxygen-near-21`, `flat-while-load-swings`…
    public var kind: String
    public var kindName: String
    public var enterpriseId: String
    public var enterpriseName: String
    public var outletId: String
    public var outletName: String
    public var mn: String
    public var factor: String
    public var periodStart: Date
    /// Exclusive end as known so far; grows while the suspicion is open.
    public var periodEnd: Date
    /// The run reached the end of the judged data and may go on.
    public var ongoing: Bool
    public var evidence: Evidence
    public var rulesVersion: String
    public var inputs: Inputs
    public var countyCode: String?
    public var cityCode: String?

    public init(id: String, version: Int, status: Status, kind: String, kindName: String, enterpriseId: String, enterpriseName: String,
                outletId: String, outletName: String, mn: String, factor: String, periodStart: Date, periodEnd: Date, ongoing: Bool,
                evidence: Evidence, rulesVersion: String, inputs: Inputs, countyCode: String?, cityCode: String?) {
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
        self.factor = factor
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.ongoing = ongoing
        self.evidence = evidence
        self.rulesVersion = rulesVersion
        self.inputs = inputs
        self.countyCode = countyCode
        self.cityCode = cityCode
    }
}

extension FalsificationSuspicionJudgment {
    /// A recomputed finding has ended when it no longer goes on to the judged data.
    public var hasEnded: Bool { !ongoing }
}
