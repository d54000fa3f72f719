/// A production unit or emission source of an enterprise (coal boiler, gas turbine, cement kiln,
/// paper line, wastewater plant), with what decides its limits: type, fuel, commissioning date.
public struct ProductionUnit: Sendable, Hashable, Identifiable {
    public struct Capacity: Sendable, Hashable {
        public var value: Double
        /// `MW`, `t/h`, `t/d`, `m3/d`…
        public var unit: String

        public init(value: Double, unit: String) {
            self.value = value
            self.unit = unit
        }
    }

    public var id: String
    public var enterpriseId: String
    public var name: String
    public var type: UnitType
    public var fuel: Fuel?
    public var capacity: Capacity?
    /// Commissioning or EIA approval date: new or existing for each standard.
    public var commissioned: CivilDate
    /// Overrides the date comparison (for example a rebuilt unit a bureau treats as new).
    public var declaredAge: SourceAge?
    /// Unit variants: W-flame furnace, CFB, built before 2004, independent heat, ammonia de-NOx…
    public var flags: Set<ProfileFlag>

    public init(id: String, enterpriseId: String, name: String, type: UnitType, fuel: Fuel?, capacity: Capacity?,
                commissioned: CivilDate, declaredAge: SourceAge?, flags: Set<ProfileFlag>) {
        self.id = id
        self.enterpriseId = enterpriseId
        self.name = name
        self.type = type
        self.fuel = fuel
        self.capacity = capacity
        self.commissioned = commissioned
        self.declaredAge = declaredAge
        self.flags = flags
    }
}
