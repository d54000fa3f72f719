public import Foundation

/// What a mark says, as submitted: its subject (an outlet, or a monitoring point by MN), the
/// factors and span it covers, its type, reason and evidence. A create or amend carries one.
public struct MarkDraft: Codable, Sendable, Hashable {
    /// The outlet (or production unit's outlet) the mark is for; derived from `mn` when absent.
    public var outletId: String?
    /// The monitoring point's MN; required for equipment marks.
    public var mn: String?
    /// Factor codes covered; empty means every factor of the subject.
    public var factors: [String]
    public var typeId: String
    /// Inclusive start.
    public var start: Date
    /// Exclusive end.
    public var end: Date
    public var reasonKind: MarkRecord.ReasonKind
    /// The reason, starting with 【计划内】 or 【计划外】.
    public var reason: String
    public var attachments: [MarkAttachment]

    public init(outletId: String?, mn: String?, factors: [String], typeId: String, start: Date, end: Date,
                reasonKind: MarkRecord.ReasonKind, reason: String, attachments: [MarkAttachment]) {
        self.outletId = outletId
        self.mn = mn
        self.factors = factors
        self.typeId = typeId
        self.start = start
        self.end = end
        self.reasonKind = reasonKind
        self.reason = reason
        self.attachments = attachments
    }

    public var period: MarkPeriod { MarkPeriod(id: "", typeId: typeId, start: start, end: end) }
}
