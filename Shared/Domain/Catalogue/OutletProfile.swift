/// What a limit row is matched against: an outlet described by its industry, source, fuel,
/// enterprise type, new/existing status, discharge mode and flags. Built from the registry for a
/// registered outlet, or given directly (`duban-ctl catalogue limit --industry …`).
public struct OutletProfile: Sendable, Hashable {
    public var industry: Industry
    public var medium: Medium
    public var unitType: UnitType?
    public var fuel: Fuel?
    public var enterpriseCategory: EnterpriseCategory?
    public var discharge: DischargeMode
    /// Commissioning (or EIA approval) date: decides new or existing per standard.
    public var commissioned: CivilDate?
    /// An explicit new/existing status that overrides the date comparison for every standard.
    public var declaredAge: SourceAge?
    /// The outlet's own flags together with those inherited from its unit and jurisdictions.
    public var flags: Set<ProfileFlag>

    public init(industry: Industry, medium: Medium, unitType: UnitType? = nil, fuel: Fuel? = nil,
                enterpriseCategory: EnterpriseCategory? = nil, discharge: DischargeMode = .direct,
                commissioned: CivilDate? = nil, declaredAge: SourceAge? = nil, flags: Set<ProfileFlag> = []) {
        self.industry = industry
        self.medium = medium
        self.unitType = unitType
        self.fuel = fuel
        self.enterpriseCategory = enterpriseCategory
        self.discharge = discharge
        self.commissioned = commissioned
        self.declaredAge = declaredAge
        self.flags = flags
    }

    /// New or existing relative to `standard`; nil when neither a declared status nor both dates
    /// are known.
    public func age(for standard: Standard) -> SourceAge? {
        if let declaredAge { return declaredAge }
        guard let commissioned, let cutoff = standard.newSourcesFrom else { return nil }
        return commissioned >= cutoff ? .new : .existing
    }
}
