/// A limit that applies to the outlet at the instant asked about, from the catalogue or from the
/// outlet's own permit or agreement, with everything a judgment must record about it.
public struct LimitCandidate: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        case catalogue(standardId: String)
        case outletLimit(kind: OutletLimit.Kind, document: String)
    }

    public var source: Source
    /// The catalogue row id or the outlet limit id.
    public var rowId: String
    /// Standard code (`GB 13223-2011`) or, for an outlet limit, its kind and document
    /// (`排污许可证 91510100…001P`).
    public var standardCode: String
    public var standardVersion: String
    public var table: String?
    public var sourceCategory: String?
    public var factor: String
    public var limit: LimitValue
    public var unit: String
    public var basis: AveragingBasis
    public var referenceO2: Double?
    public var effective: EffectivePeriod
    public var sourceNote: String
    public var provisional: Bool

    public init(row: LimitRow, standard: Standard) {
        source = .catalogue(standardId: standard.id)
        rowId = row.id
        standardCode = standard.code
        standardVersion = standard.version
        table = row.table
        sourceCategory = row.sourceCategory
        factor = row.factor
        limit = row.limit
        unit = row.unit
        basis = row.basis
        referenceO2 = row.referenceO2
        effective = row.effective
        sourceNote = row.sourceNote
        // A provisional standard makes every row of it provisional.
        provisional = row.provisional || standard.provisional
    }

    public init(outletLimit: OutletLimit) {
        source = .outletLimit(kind: outletLimit.kind, document: outletLimit.document)
        rowId = outletLimit.id
        standardCode = "\(outletLimit.kind.nameZh) \(outletLimit.document)"
        standardVersion = outletLimit.effective.from.description
        table = nil
        sourceCategory = nil
        factor = outletLimit.factor
        limit = outletLimit.limit
        unit = outletLimit.unit
        basis = outletLimit.basis
        referenceO2 = outletLimit.referenceO2
        effective = outletLimit.effective
        sourceNote = outletLimit.sourceNote
        provisional = false
    }

    public var isOutletLimit: Bool {
        if case .outletLimit = source { return true }
        return false
    }

    /// Strictness for comparison: the upper bound converted to 0 % O2 when a reference O2 applies
    /// (a limit of L at r % O2 equals L × 21 / (21 − r) at 0 %), so rows written for different
    /// reference O2 compare correctly; a range is stricter the higher its lower bound.
    var strictnessKey: (Double, Double) {
        let factor = referenceO2.map { 21 / (21 - $0) } ?? 1
        return (limit.upper * factor, -(limit.lower ?? -Double.infinity))
    }
}
