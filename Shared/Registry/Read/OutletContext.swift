public import Domain

/// An outlet as it was at one instant, with everything its limits depend on: the enterprise, the
/// unit behind it and the jurisdictions whose flags it inherits.
public struct OutletContext: Sendable, Hashable {
    public var outlet: Outlet
    public var enterprise: Enterprise
    public var unit: ProductionUnit?
    public var county: Jurisdiction?
    public var city: Jurisdiction?
    public var province: Jurisdiction?

    public init(outlet: Outlet, enterprise: Enterprise, unit: ProductionUnit?, county: Jurisdiction?, city: Jurisdiction?,
                province: Jurisdiction?) {
        self.outlet = outlet
        self.enterprise = enterprise
        self.unit = unit
        self.county = county
        self.city = city
        self.province = province
    }

    /// The profile limit rows are matched against.
    public var profile: OutletProfile {
        let inherited = [county, city, province].compactMap { $0?.flags }.reduce(into: Set<ProfileFlag>()) { $0.formUnion($1) }
        return outlet.profile(enterprise: enterprise, unit: unit, inheritedFlags: inherited)
    }
}
