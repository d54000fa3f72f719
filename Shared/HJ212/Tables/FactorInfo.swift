/// One monitoring factor (pollutant or parameter) code, with the HJ/T 212-2005 code it replaced.
public struct FactorInfo: Sendable, Hashable {
    /// The HJ 212-2017 code (`a21026`).
    public let code: String
    /// The HJ/T 212-2005 code (`02`), when the factor had one.
    public let code2005: String?
    public let name: String
    /// Unit of concentration or rate values (Rtd/Min/Avg/Max), when known.
    public let unit: String?
    /// Unit of the cumulative value (`-Cou`), when known.
    public let cumulativeUnit: String?

    public init(code: String, code2005: String? = nil, name: String, unit: String? = nil, cumulativeUnit: String? = nil) {
        self.code = code
        self.code2005 = code2005
        self.name = name
        self.unit = unit
        self.cumulativeUnit = cumulativeUnit
    }
}
