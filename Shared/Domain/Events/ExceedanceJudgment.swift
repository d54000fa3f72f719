public import Foundation

/// An exceedance (超标) as Judgment publishes it on `duban.judgments`
/// (`cn.duban.judgment.exceedance.v1`). `id` is stable across recomputation; `version` grows when
/// a recomputation changes it.
public struct ExceedanceJudgment: VersionedJudgment {
    public typealias Status = JudgmentStatus

    public struct LimitSource: Codable, Sendable, Equatable {
        public var rowId: String
        public var standard: String
        public var version: String
        public var provisional: Bool
        public init(rowId: String, standard: String, version: String, provisional: Bool) {
            self.rowId = rowId
            self.standard = standard
            self.version = version
            self.provisional = provisional
        }
    }

    /// What produced the value, so anyone can recompute it.
    public struct Inputs: Codable, Sendable, Equatable {
        public var cn: String
        public var frameId: String
        public var mean: Double?
        public var convertedMean: Double?
        public var oxygenMean: Double?
        public var referenceO2: Double?
        public var flag: String?
        public var valueSource: String
        public init(cn: String, frameId: String, mean: Double?, convertedMean: Double?, oxygenMean: Double?,
                    referenceO2: Double?, flag: String?, valueSource: String) {
            self.cn = cn
            self.frameId = frameId
            self.mean = mean
            self.convertedMean = convertedMean
            self.oxygenMean = oxygenMean
            self.referenceO2 = referenceO2
            self.flag = flag
            self.valueSource = valueSource
        }
    }

    public var id: String
    public var version: Int
    public var status: Status
    public var enterpriseId: String
    public var enterpriseName: String
    public var outletId: String
    public var outletName: String
    public var mn: String
    public var factor: String
    public var factorName: String
    public var unit: String
    public var basis: String
    public var periodStart: Date
    public var periodEnd: Date
    public var value: Double
    public var limit: Double
    public var multiple: Double
    public var limitSource: LimitSource
    public var inputs: Inputs
    public var countyCode: String?
    public var cityCode: String?

    public init(id: String, version: Int, status: Status, enterpriseId: String, enterpriseName: String, outletId: String,
                outletName: String, mn: String, factor: String, factorName: String, unit: String, basis: String,
                periodStart: Date, periodEnd: Date, value: Double, limit: Double, multiple: Double,
                limitSource: LimitSource, inputs: Inputs, countyCode: String?, cityCode: String?) {
        self.id = id
        self.version = version
        self.status = status
        self.enterpriseId = enterpriseId
        self.enterpriseName = enterpriseName
        self.outletId = outletId
        self.outletName = outletName
        self.mn = mn
        self.factor = factor
        self.factorName = factorName
        self.unit = unit
        self.basis = basis
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.value = value
        self.limit = limit
        self.multiple = multiple
        self.limitSource = limitSource
        self.inputs = inputs
        self.countyCode = countyCode
        self.cityCode = cityCode
    }

    /// The episode key: one outlet, one factor, one start. Orders are about episodes.
    public static func episodeId(outletId: String, factor: String, periodStart: Date) -> String {
        "exc:\(outletId):\(factor):\(Int64(periodStart.timeIntervalSince1970))"
    }
}

extension ExceedanceJudgment {
    /// A recomputed episode is `closed` once a judged period followed it without exceeding.
    public var hasEnded: Bool { status == .closed }
}
