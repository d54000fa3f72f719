public import Foundation

/// An accepted mark as Marking publishes it on `duban.marks` (`cn.duban.mark.v1`), keyed by the
/// MN of its monitoring point (the outlet id when it covers a whole production unit). Every
/// accepted version is published; the newest version of an `id` is the one that applies, and
/// `withdrawn` means it no longer covers anything. Judgment recomputes what the union of the old
/// and new spans covers.
public struct MarkRecord: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable { case active, withdrawn }

    /// 【计划内】 or 【计划外】 (marking.md).
    public enum ReasonKind: String, Codable, Sendable { case planned, unplanned }

    /// Stable mark id (`MK-…`), the same for every version.
    public var id: String
    /// 1 for the first accepted version, +1 for each amendment, withdrawal or approved correction.
    public var version: Int
    public var status: Status
    /// Mark catalogue type id (`equipment.maintenance`, `thermal-power.startup`).
    public var typeId: String
    public var family: MarkFamily
    /// What the mark does to the data it covers (from the catalogue row at acceptance).
    public var effect: ValidityEffect
    public var enterpriseId: String
    public var outletId: String
    /// The monitoring point's MN; nil when the mark covers the whole outlet / production unit.
    public var mn: String?
    /// Factor codes (2017) covered; empty means every factor of the subject.
    public var factors: [String]
    /// Inclusive start of the marked span.
    public var start: Date
    /// Exclusive end of the marked span.
    public var end: Date
    public var reasonKind: ReasonKind
    public var reason: String
    public var submittedBy: String
    public var role: String
    /// When Marking accepted this version.
    public var acceptedAt: Date
    /// Version of the mark catalogue the mark was validated against.
    public var catalogueVersion: String

    public init(id: String, version: Int, status: Status, typeId: String, family: MarkFamily, effect: ValidityEffect,
                enterpriseId: String, outletId: String, mn: String?, factors: [String], start: Date, end: Date,
                reasonKind: ReasonKind, reason: String, submittedBy: String, role: String, acceptedAt: Date,
                catalogueVersion: String) {
        self.id = id
        self.version = version
        self.status = status
        self.typeId = typeId
        self.family = family
        self.effect = effect
        self.enterpriseId = enterpriseId
        self.outletId = outletId
        self.mn = mn
        self.factors = factors
        self.start = start
        self.end = end
        self.reasonKind = reasonKind
        self.reason = reason
        self.submittedBy = submittedBy
        self.role = role
        self.acceptedAt = acceptedAt
        self.catalogueVersion = catalogueVersion
    }

    /// True when this version covers `factor` at `instant` on `outletId` / `mn`.
    public func covers(outletId: String, mn: String?, factor: String, at instant: Date) -> Bool {
        guard status == .active, self.outletId == outletId, start <= instant, instant < end else { return false }
        if let own = self.mn, let mn, own != mn { return false }
        return factors.isEmpty || factors.contains(factor)
    }
}
