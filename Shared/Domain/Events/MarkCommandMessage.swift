public import Foundation

/// The data of a `cn.duban.mark.command.v1` CloudEvent on `duban.commands`, keyed by the MN of the
/// monitoring point (else the outlet id, else the mark or proposal id): someone creates, amends or
/// withdraws a mark, or rejects a proposed one. Portal publishes these; `duban-ctl mark …` too. Marking answers on `duban.marks` with
/// the accepted version (`cn.duban.mark.v1`) or a `cn.duban.mark.command.refused.v1`.
public struct MarkCommandMessage: Codable, Sendable, Hashable {
    public static let eventType = "cn.duban.mark.command.v1"
    public static let refusedEventType = "cn.duban.mark.command.refused.v1"

    /// Unique per command: a resent command is handled once.
    public var commandId: String
    public var submission: MarkSubmission
    public var issuedAt: Date

    public init(commandId: String, submission: MarkSubmission, issuedAt: Date) {
        self.commandId = commandId
        self.submission = submission
        self.issuedAt = issuedAt
    }

    /// The record key: the point's MN, else the outlet, else the mark (or proposal) id, so one
    /// subject's commands stay in order.
    public var key: String {
        if let mn = submission.draft?.mn, !mn.isEmpty { return mn }
        if let outlet = submission.draft?.outletId, !outlet.isEmpty { return outlet }
        return submission.markId ?? submission.proposalId ?? commandId
    }
}
