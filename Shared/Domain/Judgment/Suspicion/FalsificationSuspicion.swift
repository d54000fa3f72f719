public import Foundation

/// A sign of falsification seen in the data (环发〔2015〕175号, judgment.md §5): a suspicion with
/// its evidence for a person to examine, never a verdict.
public struct FalsificationSuspicion: TimedJudgment {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// O2 close to 21 % while the source runs (dilution air, a probe outside the duct).
        case oxygenNear21 = "oxygen-near-21"
        /// Concentration flat through a day while the load swings.
        case flatWhileLoadSwings = "flat-while-load-swings"
        /// Valid hours clustering just under the limit through a month.
        case clusteringUnderLimit = "clustering-under-limit"
        /// The device's converted value does not follow from the raw value and O2.
        case convertedMismatch = "converted-mismatch"
        /// An analyser parameter (i13xxx: range, slope, intercept…) reported changed with no
        /// equipment mark (maintenance, calibration…) over the change.
        case analyserParameterChanged = "analyser-parameter-changed"

        public var nameZh: String {
            switch self {
            case .oxygenNear21: "运行期间氧含量接近21%（疑似稀释）"
            case .flatWhileLoadSwings: "负荷大幅波动而浓度平直"
            case .clusteringUnderLimit: "数据集中在限值之下"
            case .convertedMismatch: "折算值与实测值及氧含量不符"
            case .analyserParameterChanged: "分析仪参数被修改而无运维记录"
            }
        }
    }

    /// One hour shown as evidence: what was measured and what it is compared with.
    public struct HourEvidence: Sendable, Hashable {
        public var start: Date
        /// O2 % for oxygen-near-21; the device's converted value for converted-mismatch.
        public var value: Double
        /// The load for oxygen-near-21; the recomputed converted value for converted-mismatch.
        public var reference: Double?

        public init(start: Date, value: Double, reference: Double?) {
            self.start = start
            self.value = value
            self.reference = reference
        }
    }

    /// An analyser parameter between two reports of it (CN 3020 site information).
    public struct ParameterChange: Sendable, Hashable {
        public var code: String
        public var before: String
        public var after: String
        public var reportedBefore: Date
        public var reportedAfter: Date
        /// The frame of the report that showed the new value.
        public var frameId: String

        public init(code: String, before: String, after: String, reportedBefore: Date, reportedAfter: Date, frameId: String) {
            self.code = code
            self.before = before
            self.after = after
            self.reportedBefore = reportedBefore
            self.reportedAfter = reportedAfter
            self.frameId = frameId
        }
    }

    public struct Evidence: Sendable, Hashable {
        public var hours: Int
        public var hourly: [HourEvidence]
        /// Coefficient of variation of the concentration (flat).
        public var variation: Double?
        public var loadMinimum: Double?
        public var loadMaximum: Double?
        /// (max − min) / mean of the load.
        public var loadSwing: Double?
        /// Valid hours inside the band just under the limit, and their share (clustering).
        public var hoursInBand: Int?
        public var shareInBand: Double?
        public var band: Double?
        /// The parameter changed (analyser-parameter-changed).
        public var parameter: ParameterChange?

        public init(hours: Int, hourly: [HourEvidence] = [], variation: Double? = nil, loadMinimum: Double? = nil,
                    loadMaximum: Double? = nil, loadSwing: Double? = nil, hoursInBand: Int? = nil, shareInBand: Double? = nil,
                    band: Double? = nil, parameter: ParameterChange? = nil) {
            self.parameter = parameter
            self.hours = hours
            self.hourly = hourly
            self.variation = variation
            self.loadMinimum = loadMinimum
            self.loadMaximum = loadMaximum
            self.loadSwing = loadSwing
            self.hoursInBand = hoursInBand
            self.shareInBand = shareInBand
            self.band = band
        }
    }

    public var id: String
    public var kind: Kind
    public var outletId: String
    public var factor: String
    public var start: Date
    public var end: Date
    public var evidence: Evidence
    public var rulesVersion: String

    public init(id: String, kind: Kind, outletId: String, factor: String, start: Date, end: Date, evidence: Evidence, rulesVersion: String) {
        self.id = id
        self.kind = kind
        self.outletId = outletId
        self.factor = factor
        self.start = start
        self.end = end
        self.evidence = evidence
        self.rulesVersion = rulesVersion
    }
}
