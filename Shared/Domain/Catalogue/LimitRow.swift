/// One row of the standards catalogue: the limit a standard sets for one pollutant, one source
/// category and one set of applicability conditions, in force over one period.
public struct LimitRow: Sendable, Hashable, Identifiable {
    /// Stable id, e.g. `GB13223-2011/T1/coal-boiler/a21026/existing`; judgments record it.
    public var id: String
    public var standardId: String
    /// Table of the standard, as printed (`表1`).
    public var table: String
    /// Source category as the standard names it (燃煤锅炉, 水泥窑及窑尾余热利用系统, 制浆企业…).
    public var sourceCategory: String
    /// HJ 212-2017 pollutant code.
    public var factor: String
    public var limit: LimitValue
    /// `mg/m3`, `mg/L`, `dimensionless` (pH, colour dilution ratio)…
    public var unit: String
    public var basis: AveragingBasis
    /// Reference O2 (%) the measured concentration is converted to; nil for water and for sources
    /// judged at the measured concentration.
    public var referenceO2: Double?
    public var applicability: Applicability
    public var effective: EffectivePeriod
    public var sourceNote: String
    /// Not confirmed from the original text: shown as provisional to everyone relying on it.
    public var provisional: Bool

    public init(id: String, standardId: String, table: String, sourceCategory: String, factor: String, limit: LimitValue,
                unit: String, basis: AveragingBasis, referenceO2: Double?, applicability: Applicability,
                effective: EffectivePeriod, sourceNote: String, provisional: Bool) {
        self.id = id
        self.standardId = standardId
        self.table = table
        self.sourceCategory = sourceCategory
        self.factor = factor
        self.limit = limit
        self.unit = unit
        self.basis = basis
        self.referenceO2 = referenceO2
        self.applicability = applicability
        self.effective = effective
        self.sourceNote = sourceNote
        self.provisional = provisional
    }
}
