/// A named property of an outlet, unit or jurisdiction that decides whether a limit row applies:
/// region designations, boiler variants, control techniques, commitments. Flags are data: a
/// province adds its own (for instance its own ultra-low profile) without a code change; the
/// well-known ones used by the national catalogue are listed here.
public struct ProfileFlag: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Nil unless the name is lowercase ASCII letters, digits and hyphens (so typos in data files
    /// are caught rather than silently matching nothing).
    public init?(rawValue: String) {
        guard !rawValue.isEmpty, rawValue.count <= 64,
              rawValue.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }),
              rawValue.first != "-", rawValue.last != "-" else { return nil }
        self.rawValue = rawValue
    }

    private init(known: String) { rawValue = known }

    public var description: String { rawValue }

    public static func < (lhs: ProfileFlag, rhs: ProfileFlag) -> Bool { lhs.rawValue < rhs.rawValue }

    // Regions.
    /// Key region where special emission limits (大气污染物特别排放限值) apply.
    public static let specialLimitRegion = ProfileFlag(known: "special-limit-region")
    /// Guangxi, Chongqing, Sichuan, Guizhou: GB 13223-2011 Table 1 note for high-sulphur coal.
    public static let highSulphurCoalProvince = ProfileFlag(known: "high-sulphur-coal-province")
    /// Min and Tuo river basins (DB51/2311-2016), key and general control areas.
    public static let minTuoKeyArea = ProfileFlag(known: "min-tuo-key-area")
    public static let minTuoGeneralArea = ProfileFlag(known: "min-tuo-general-area")

    // Commitments.
    /// Ultra-low emission commitment (超低排放) under the national profile.
    public static let ultraLow = ProfileFlag(known: "ultra-low")

    // Thermal power boiler variants (GB 13223-2011 Table 1 note 1).
    public static let wFlameFurnace = ProfileFlag(known: "w-flame-furnace")
    public static let circulatingFluidisedBed = ProfileFlag(known: "circulating-fluidised-bed")
    /// Built, or EIA approved, before 2004-01-01.
    public static let builtBefore2004 = ProfileFlag(known: "built-before-2004")

    // Cement.
    /// Dryer with its own heat source (采用独立热源的烘干设备).
    public static let independentHeat = ProfileFlag(known: "independent-heat")
    /// De-NOx with ammonia or urea (SNCR/SCR): NH3 slip is limited.
    public static let ammoniaDeNOx = ProfileFlag(known: "ammonia-denox")
    /// Kiln co-processing solid waste (GB 30485-2013).
    public static let coProcessing = ProfileFlag(known: "co-processing")

    // Water.
    /// Grade of the receiving municipal sewage plant's standard (GB/T 31962-2015 A/B/C).
    public static let sewerGradeA = ProfileFlag(known: "sewer-grade-a")
    public static let sewerGradeB = ProfileFlag(known: "sewer-grade-b")
    public static let sewerGradeC = ProfileFlag(known: "sewer-grade-c")
}
