public import Foundation

/// A total-quantity judgment (总量控制, judgment.md §3) as Judgment publishes it on
/// `duban.judgments` (`cn.duban.judgment.total.v1`): an enterprise's cumulative emission amount
/// of a factor in a permit period (year, or month where the permit sets one) against the
/// permitted amount — a `warning` while the projection at the current rate crosses it, a `breach`
/// once the amount itself has. One id per enterprise × factor × period, so a warning that becomes
/// a breach is the same judgment in a later version.
public struct TotalQuantityJudgment: Codable, Sendable, Equatable {
    /// `opened`: first version; `updated`: the kind or a share (in whole percent) changed;
    /// `cleared`: the projection no longer crosses the permitted amount (a breach never clears).
    public enum Status: String, Codable, Sendable { case opened, updated, cleared }

    public enum Kind: String, Codable, Sendable {
        /// 预计超总量: the projection crosses the permitted amount.
        case warning
        /// 超总量: the cumulative amount exceeds it.
        case breach

        public var nameZh: String { self == .breach ? "超总量" : "预计超总量" }
    }

    /// What the figures were computed from.
    public struct Inputs: Codable, Sendable, Equatable {
        /// The permit (registry id and number as printed) whose total was compared.
        public var permitId: String
        public var permitNumber: String
        /// Outlets whose hourly amounts were summed, sorted.
        public var outletIds: [String]
        /// Days of recent amounts the rate is the mean of.
        public var projectionBasisDays: Int

        public init(permitId: String, permitNumber: String, outletIds: [String], projectionBasisDays: Int) {
            self.permitId = permitId
            self.permitNumber = permitNumber
            self.outletIds = outletIds
            self.projectionBasisDays = projectionBasisDays
        }
    }

    public var id: String
    public var version: Int
    public var status: Status
    public var kind: Kind
    public var kindName: String
    public var enterpriseId: String
    public var enterpriseName: String
    public var factor: String
    /// `2026` (annual total) or `2026-03` (monthly total).
    public var period: String
    /// The permit period, China-time boundaries in UTC.
    public var periodStart: Date
    public var periodEnd: Date
    /// Amounts summed up to here (the judged data).
    public var asOf: Date
    public var permittedTonnes: Double
    public var measuredTonnes: Double
    /// HJ 75 substitutes for invalid hours of a running source, a layer of their own.
    public var substitutedTonnes: Double
    public var cumulativeTonnes: Double
    public var projectedTonnes: Double
    public var ratePerHourTonnes: Double
    /// cumulative / permitted and projected / permitted: what the trigger rules compare.
    public var actualShare: Double
    public var projectedShare: Double
    /// Hours whose amount is unknown (invalid, nothing to substitute).
    public var unknownHours: Int
    public var rulesVersion: String
    public var inputs: Inputs
    public var countyCode: String?
    public var cityCode: String?

    public init(id: String, version: Int, status: Status, kind: Kind, kindName: String, enterpriseId: String, enterpriseName: String,
                factor: String, period: String, periodStart: Date, periodEnd: Date, asOf: Date, permittedTonnes: Double,
                measuredTonnes: Double, substitutedTonnes: Double, cumulativeTonnes: Double, projectedTonnes: Double,
                ratePerHourTonnes: Double, actualShare: Double, projectedShare: Double, unknownHours: Int, rulesVersion: String,
                inputs: Inputs, countyCode: String?, cityCode: String?) {
        self.id = id
        self.version = version
        self.status = status
        self.kind = kind
        self.kindName = kindName
        self.enterpriseId = enterpriseId
        self.enterpriseName = enterpriseName
        self.factor = factor
        self.period = period
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.asOf = asOf
        self.permittedTonnes = permittedTonnes
        self.measuredTonnes = measuredTonnes
        self.substitutedTonnes = substitutedTonnes
        self.cumulativeTonnes = cumulativeTonnes
        self.projectedTonnes = projectedTonnes
        self.ratePerHourTonnes = ratePerHourTonnes
        self.actualShare = actualShare
        self.projectedShare = projectedShare
        self.unknownHours = unknownHours
        self.rulesVersion = rulesVersion
        self.inputs = inputs
        self.countyCode = countyCode
        self.cityCode = cityCode
    }
}
