/// To which outlets a limit row (or a standard as a whole) applies. An empty set means "any".
/// Flags combine three ways: all of `allFlags`, at least one of `anyFlags` (when not empty), none
/// of `noneFlags`. That expresses notes such as GB 13223's "NOx 200 for W-flame furnaces, existing
/// CFB boilers and boilers built before 2004" as two rows that exclude each other.
public struct Applicability: Sendable, Hashable {
    public var industries: Set<Industry>
    public var media: Set<Medium>
    public var unitTypes: Set<UnitType>
    public var fuels: Set<Fuel>
    public var enterpriseCategories: Set<EnterpriseCategory>
    public var ages: Set<SourceAge>
    public var discharges: Set<DischargeMode>
    public var allFlags: Set<ProfileFlag>
    public var anyFlags: Set<ProfileFlag>
    public var noneFlags: Set<ProfileFlag>

    public init(industries: Set<Industry> = [], media: Set<Medium> = [], unitTypes: Set<UnitType> = [], fuels: Set<Fuel> = [],
                enterpriseCategories: Set<EnterpriseCategory> = [], ages: Set<SourceAge> = [],
                discharges: Set<DischargeMode> = [], allFlags: Set<ProfileFlag> = [], anyFlags: Set<ProfileFlag> = [],
                noneFlags: Set<ProfileFlag> = []) {
        self.industries = industries
        self.media = media
        self.unitTypes = unitTypes
        self.fuels = fuels
        self.enterpriseCategories = enterpriseCategories
        self.ages = ages
        self.discharges = discharges
        self.allFlags = allFlags
        self.anyFlags = anyFlags
        self.noneFlags = noneFlags
    }

    /// Why the profile does not match, or nil when it does. `age` is the profile's new/existing
    /// status for the row's standard (nil when it cannot be decided).
    public func mismatch(_ profile: OutletProfile, age: SourceAge?) -> Mismatch? {
        if !industries.isEmpty, !industries.contains(profile.industry) { return .industry }
        if !media.isEmpty, !media.contains(profile.medium) { return .medium }
        if !unitTypes.isEmpty, !(profile.unitType.map(unitTypes.contains) ?? false) { return .unitType }
        if !fuels.isEmpty, !(profile.fuel.map(fuels.contains) ?? false) { return .fuel }
        if !enterpriseCategories.isEmpty, !(profile.enterpriseCategory.map(enterpriseCategories.contains) ?? false) {
            return .enterpriseCategory
        }
        if !discharges.isEmpty, !discharges.contains(profile.discharge) { return .discharge }
        if !allFlags.isSubset(of: profile.flags) { return .missingFlag(allFlags.subtracting(profile.flags).sorted()) }
        if !anyFlags.isEmpty, anyFlags.isDisjoint(with: profile.flags) { return .missingFlag(anyFlags.sorted()) }
        if !noneFlags.isDisjoint(with: profile.flags) { return .excludedFlag(noneFlags.intersection(profile.flags).sorted()) }
        if !ages.isEmpty {
            guard let age else { return .ageUndetermined }
            if !ages.contains(age) { return .age }
        }
        return nil
    }

    public enum Mismatch: Sendable, Hashable {
        case industry, medium, unitType, fuel, enterpriseCategory, discharge, age, ageUndetermined
        case missingFlag([ProfileFlag])
        case excludedFlag([ProfileFlag])
    }
}
