/// A limit written for one outlet rather than for a category: a pollutant discharge permit's
/// limit (排污许可限值), or an indirect discharger's agreement with the receiving plant (纳管协议).
/// It takes part in the same "strictest applicable wins" selection as the catalogue rows, so a
/// permit overrides the standard exactly when it is stricter.
public struct OutletLimit: Sendable, Hashable, Identifiable {
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        case permit
        case agreement

        public var nameZh: String { self == .permit ? "排污许可证" : "纳管协议" }
    }

    /// Stable id, e.g. `<permit id>/<outlet id>/<factor>`.
    public var id: String
    public var kind: Kind
    /// Permit number or agreement reference.
    public var document: String
    public var outletId: String
    public var factor: String
    public var limit: LimitValue
    public var unit: String
    public var basis: AveragingBasis
    public var referenceO2: Double?
    public var effective: EffectivePeriod
    public var sourceNote: String

    public init(id: String, kind: Kind, document: String, outletId: String, factor: String, limit: LimitValue, unit: String,
                basis: AveragingBasis, referenceO2: Double?, effective: EffectivePeriod, sourceNote: String) {
        self.id = id
        self.kind = kind
        self.document = document
        self.outletId = outletId
        self.factor = factor
        self.limit = limit
        self.unit = unit
        self.basis = basis
        self.referenceO2 = referenceO2
        self.effective = effective
        self.sourceNote = sourceNote
    }
}
