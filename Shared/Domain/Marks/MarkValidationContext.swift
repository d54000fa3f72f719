public import Foundation

/// What the validator needs to know beyond the submission: the subject as the registry describes
/// it at the mark's start, the mark's newest version (amend, withdraw), the other marks of the
/// same outlet, and the time of the check.
public struct MarkValidationContext: Sendable {
    public var enterpriseId: String
    public var outletId: String
    public var industry: Industry
    /// The production unit behind the outlet, when the registry names one.
    public var unitType: UnitType?
    /// Province division code (`510000`) choosing the marking policy.
    public var province: String
    /// Factor codes the monitoring point measures; nil when the mark names no point.
    public var pointFactors: Set<String>?
    /// Newest version of the mark being amended or withdrawn.
    public var previous: MarkRecord?
    /// The newest version of every other mark of the outlet (any status; withdrawn ones are ignored).
    public var others: [MarkRecord]
    public var now: Date

    public init(enterpriseId: String, outletId: String, industry: Industry, unitType: UnitType?, province: String,
                pointFactors: Set<String>?, previous: MarkRecord?, others: [MarkRecord], now: Date) {
        self.enterpriseId = enterpriseId
        self.outletId = outletId
        self.industry = industry
        self.unitType = unitType
        self.province = province
        self.pointFactors = pointFactors
        self.previous = previous
        self.others = others
        self.now = now
    }
}
