/// Everything a data area says about one factor (or facility `SBx`), gathered from its items
/// wherever they stand. A value given twice keeps its first occurrence; all occurrences stay in
/// `DataArea.items`.
public struct FactorGroup: Sendable, Hashable {
    /// The HJ 212-2017 code (2005 codes are mapped through the code tables).
    public var code: String
    /// The code as received.
    public var originalCode: String
    public var rtd: Double?
    public var min: Double?
    public var avg: Double?
    public var max: Double?
    public var cou: Double?
    public var zsRtd: Double?
    public var zsMin: Double?
    public var zsAvg: Double?
    public var zsMax: Double?
    /// Data flag (`N`, `F`, `M`, `S`, `D`, `C`, `T`, `B`; `P` in 2005).
    public var flag: String?
    /// Vendor flag.
    public var eflag: String?
    /// Sampling time of batch analysers.
    public var sampleTime: HJ212DateTime?
    /// Instrument id (`-SN`).
    public var sn: String?
    /// Facility run state (`SBx-RS`: 0 off, 1 running, 2 calibrating, 3 maintenance, 4 alarm, 5 blowback).
    public var rs: Double?
    /// Facility run time in hours (`SBx-RT`).
    public var rt: Double?
    /// Site information given under `PolId=<this code>`.
    public var info: [InfoValue]
    /// Items of this factor that the fields above do not cover (noise `-Data`, 2005 `-Ala`, vendor
    /// suffixes such as `-ValidNum`), in order.
    public var extra: [DataItem]

    public init(code: String, originalCode: String? = nil) {
        self.code = code
        self.originalCode = originalCode ?? code
        info = []
        extra = []
    }
}
