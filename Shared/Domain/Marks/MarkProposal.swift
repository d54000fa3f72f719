public import Foundation

/// A mark the platform proposes for the enterprise to confirm or ignore, as Marking publishes it on
/// `duban.marks` (`cn.duban.mark.proposal.v1`), keyed by MN: one period of device signals (flags,
/// status values) or of parameters showing a stop, with the evidence that suggested it. Published
/// when opened, when closed, and when confirmed by an accepted mark or rejected; the newest
/// version applies.
public struct MarkProposal: Codable, Sendable, Equatable {
    public static let eventType = "cn.duban.mark.proposal.v1"

    public enum Status: String, Codable, Sendable {
        /// Signals still arriving.
        case open
        /// Signals stopped; the period is complete.
        case closed
        /// A mark referring to it was accepted (`markId`).
        case confirmed
        /// The enterprise said it does not apply (`decidedBy`, `note`).
        case rejected
    }

    /// `MP-…`, stable across versions.
    public var id: String
    public var version: Int
    public var status: Status
    public var typeId: String
    public var nameZh: String
    public var enterpriseId: String
    public var outletId: String
    public var mn: String
    /// The factor the signals stood under; empty for the whole point or unit.
    public var factors: [String]
    public var start: Date
    /// Last signal seen (exclusive end once closed).
    public var end: Date
    /// What suggested it: `flag:C`, `i12001=3`, `rule:tp-missed-stop`.
    public var sources: [String]
    public var markId: String?
    /// Who rejected it, and why.
    public var decidedBy: String?
    public var note: String?
    public var updatedAt: Date

    public init(id: String, version: Int, status: Status, typeId: String, nameZh: String, enterpriseId: String, outletId: String, mn: String,
                factors: [String], start: Date, end: Date, sources: [String], markId: String?, decidedBy: String? = nil, note: String? = nil,
                updatedAt: Date) {
        self.id = id
        self.version = version
        self.status = status
        self.typeId = typeId
        self.nameZh = nameZh
        self.enterpriseId = enterpriseId
        self.outletId = outletId
        self.mn = mn
        self.factors = factors
        self.start = start
        self.end = end
        self.sources = sources
        self.markId = markId
        self.decidedBy = decidedBy
        self.note = note
        self.updatedAt = updatedAt
    }
}
