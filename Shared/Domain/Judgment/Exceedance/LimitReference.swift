/// The limit a judgment used and where it came from (catalogue row or permit), so anyone can
/// recompute the judgment with the same catalogue version.
public struct LimitReference: Sendable, Hashable {
    public var rowId: String
    public var standardCode: String
    public var standardVersion: String
    public var limit: LimitValue
    public var unit: String
    public var basis: AveragingBasis
    public var referenceO2: Double?
    public var provisional: Bool
    /// Codes of the selection notes (`provisional`, `outlet_limit_overrides`…), in order.
    public var notes: [String]

    public init(rowId: String, standardCode: String, standardVersion: String, limit: LimitValue, unit: String,
                basis: AveragingBasis, referenceO2: Double?, provisional: Bool, notes: [String]) {
        self.rowId = rowId
        self.standardCode = standardCode
        self.standardVersion = standardVersion
        self.limit = limit
        self.unit = unit
        self.basis = basis
        self.referenceO2 = referenceO2
        self.provisional = provisional
        self.notes = notes
    }

    public init(selected: SelectedLimit) {
        let winner = selected.winner
        self.init(rowId: winner.rowId, standardCode: winner.standardCode, standardVersion: winner.standardVersion,
                  limit: winner.limit, unit: winner.unit, basis: winner.basis, referenceO2: winner.referenceO2,
                  provisional: winner.provisional, notes: selected.notes.map(\.code))
    }

    /// `GB 13223-2011@2011#row-id`: the catalogue version a judgment names.
    public var catalogueVersion: String { "\(standardCode)@\(standardVersion)#\(rowId)" }
}
