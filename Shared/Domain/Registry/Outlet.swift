/// A discharge outlet (排放口) of an enterprise: air or water, direct or indirect, with its own
/// flags (special-limit region, basin control area, ultra-low commitment, sewer grade…).
public struct Outlet: Sendable, Hashable, Identifiable {
    public var id: String
    public var enterpriseId: String
    /// The unit whose emissions leave through it; its type, fuel and date decide the limits.
    public var unitId: String?
    /// Outlet number on the permit (DA001, DW001).
    public var code: String
    public var name: String
    public var medium: Medium
    public var discharge: DischargeMode
    public var flags: Set<ProfileFlag>
    /// The averaging basis exceedance is judged on, when the province configures other than the
    /// medium's default (some alarm on the daily mean for air too).
    public var judgedBasis: AveragingBasis?

    public init(id: String, enterpriseId: String, unitId: String?, code: String, name: String, medium: Medium,
                discharge: DischargeMode, flags: Set<ProfileFlag>, judgedBasis: AveragingBasis?) {
        self.id = id
        self.enterpriseId = enterpriseId
        self.unitId = unitId
        self.code = code
        self.name = name
        self.medium = medium
        self.discharge = discharge
        self.flags = flags
        self.judgedBasis = judgedBasis
    }

    /// The profile limit rows are matched against: the outlet with its enterprise, unit and the
    /// flags inherited from its jurisdictions (county, city, province).
    public func profile(enterprise: Enterprise, unit: ProductionUnit?, inheritedFlags: Set<ProfileFlag>) -> OutletProfile {
        OutletProfile(
            industry: enterprise.industry, medium: medium, unitType: unit?.type, fuel: unit?.fuel,
            enterpriseCategory: enterprise.category, discharge: discharge, commissioned: unit?.commissioned,
            declaredAge: unit?.declaredAge, flags: flags.union(unit?.flags ?? []).union(inheritedFlags))
    }
}
