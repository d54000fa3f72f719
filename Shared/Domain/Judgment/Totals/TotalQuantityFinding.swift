public import Foundation

/// A total-quantity fact (超总量, judgment.md §3): the cumulative amount of a factor in the permit
/// period above the permitted amount, or a projection at the current rate that will cross it.
public struct TotalQuantityFinding: TimedJudgment {
    public enum Kind: String, Sendable, Hashable, Codable {
        case breach
        case projectedBreach = "projected-breach"

        public var nameZh: String { self == .breach ? "超总量" : "预计超总量" }
    }

    public enum Period: Sendable, Hashable {
        case year(Int)
        case month(year: Int, month: Int)

        /// `2026` or `2026-03`.
        public var key: String {
            switch self {
            case .year(let year): String(year)
            case .month(let year, let month): "\(year)-\(month < 10 ? "0" : "")\(month)"
            }
        }
    }

    public var id: String
    public var kind: Kind
    public var enterpriseId: String
    public var factor: String
    public var period: Period
    /// The permit period (China time).
    public var start: Date
    public var end: Date
    /// The instant up to which amounts were summed.
    public var asOf: Date
    public var permittedTonnes: Double
    public var measuredTonnes: Double
    public var substitutedTonnes: Double
    public var cumulativeTonnes: Double
    /// Cumulative plus the current rate over the rest of the period.
    public var projectedTonnes: Double
    public var ratePerHourTonnes: Double
    public var unknownHours: Int
    public var rulesVersion: String

    public init(id: String, kind: Kind, enterpriseId: String, factor: String, period: Period, start: Date, end: Date, asOf: Date,
                permittedTonnes: Double, measuredTonnes: Double, substitutedTonnes: Double, cumulativeTonnes: Double,
                projectedTonnes: Double, ratePerHourTonnes: Double, unknownHours: Int, rulesVersion: String) {
        self.id = id
        self.kind = kind
        self.enterpriseId = enterpriseId
        self.factor = factor
        self.period = period
        self.start = start
        self.end = end
        self.asOf = asOf
        self.permittedTonnes = permittedTonnes
        self.measuredTonnes = measuredTonnes
        self.substitutedTonnes = substitutedTonnes
        self.cumulativeTonnes = cumulativeTonnes
        self.projectedTonnes = projectedTonnes
        self.ratePerHourTonnes = ratePerHourTonnes
        self.unknownHours = unknownHours
        self.rulesVersion = rulesVersion
    }
}
