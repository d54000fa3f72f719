/// A pollutant discharge permit (排污许可证) of an enterprise: outlet limits that override the
/// standard when stricter, and permitted annual (and where set, monthly) totals. Its validity is
/// the validity of the registry record version.
public struct Permit: Sendable, Hashable, Identifiable {
    public struct Limit: Sendable, Hashable {
        public var outletId: String
        public var factor: String
        public var limit: LimitValue
        public var unit: String
        public var basis: AveragingBasis
        public var referenceO2: Double?

        public init(outletId: String, factor: String, limit: LimitValue, unit: String, basis: AveragingBasis,
                    referenceO2: Double?) {
            self.outletId = outletId
            self.factor = factor
            self.limit = limit
            self.unit = unit
            self.basis = basis
            self.referenceO2 = referenceO2
        }
    }

    public struct Total: Sendable, Hashable {
        public var factor: String
        public var annualTonnes: Double
        public var monthlyTonnes: Double?

        public init(factor: String, annualTonnes: Double, monthlyTonnes: Double?) {
            self.factor = factor
            self.annualTonnes = annualTonnes
            self.monthlyTonnes = monthlyTonnes
        }
    }

    public var id: String
    public var enterpriseId: String
    /// A permit, or an indirect discharger's agreement with the receiving plant (same shape).
    public var kind: OutletLimit.Kind
    /// Permit number or agreement reference as printed (许可证编号).
    public var number: String
    public var limits: [Limit]
    public var totals: [Total]

    public init(id: String, enterpriseId: String, kind: OutletLimit.Kind, number: String, limits: [Limit], totals: [Total]) {
        self.id = id
        self.enterpriseId = enterpriseId
        self.kind = kind
        self.number = number
        self.limits = limits
        self.totals = totals
    }

    /// The permit's limits for one outlet as `OutletLimit`s valid over `effective`.
    public func outletLimits(outletId: String, effective: EffectivePeriod) -> [OutletLimit] {
        limits.filter { $0.outletId == outletId }.map {
            OutletLimit(id: "\(id)/\($0.outletId)/\($0.factor)/\($0.basis.rawValue)", kind: kind, document: number,
                        outletId: $0.outletId, factor: $0.factor, limit: $0.limit, unit: $0.unit, basis: $0.basis,
                        referenceO2: $0.referenceO2, effective: effective, sourceNote: "\(kind.nameZh) \(number)")
        }
    }
}
