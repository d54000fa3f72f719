import Foundation

/// What one event changed. Everything a later replay needs is in the change itself (deadlines
/// included), so the history replays without the rules that produced it.
public enum OrderChange: Codable, Sendable, Hashable {
    case opened(OrderOpening)
    case findingAdded(Finding)
    case findingUpdated(Finding)
    case findingWithdrawn(findingId: String)
    case stageAdvanced(from: OrderStage, to: OrderStage, ruleId: String, deadlines: [OrderDeadline])
    case replySubmitted(reply: EnterpriseReply, onTime: Bool, reviewDeadline: OrderDeadline)
    case replyAccepted(note: String)
    case replyReturned(reason: String, replyDeadline: OrderDeadline)
    case responseSubmitted(response: HandlingResponse, onTime: Bool)
    case responseWindowClosed
    case investigatorAssigned(Investigation.Assignment)
    case investigationRecorded(Investigation.Report)
    case decided(OrderDecision)
    case ended(OrderClosure)
    case reassigned(from: JurisdictionPath, to: JurisdictionPath)
    case escalated(duty: DeadlineDuty, from: Jurisdiction.Level, to: Jurisdiction.Level, renewed: OrderDeadline)
    case overdue(duty: DeadlineDuty)
    case reminderIssued(duty: DeadlineDuty, hoursBefore: [Int])
    case inhibited(faultFindingId: String)
    case inhibitionLifted(faultFindingId: String, outcome: InhibitionOutcome, renewedDeadlines: [OrderDeadline]?)
    case deliveryRecorded(DeliveryReceipt)

    /// Stable transition code (`OrderEventRecord.transition`).
    public var transition: String {
        switch self {
        case .opened: "opened"
        case .findingAdded: "finding_added"
        case .findingUpdated: "finding_updated"
        case .findingWithdrawn: "finding_withdrawn"
        case .stageAdvanced: "stage_advanced"
        case .replySubmitted: "reply_submitted"
        case .replyAccepted: "reply_accepted"
        case .replyReturned: "reply_returned"
        case .responseSubmitted: "response_submitted"
        case .responseWindowClosed: "response_window_closed"
        case .investigatorAssigned: "investigator_assigned"
        case .investigationRecorded: "investigation_recorded"
        case .decided: "decided"
        case .ended(let closure): closure.isCancellation ? "cancelled" : "closed"
        case .reassigned: "reassigned"
        case .escalated: "escalated"
        case .overdue: "overdue"
        case .reminderIssued: "reminder_issued"
        case .inhibited: "inhibited"
        case .inhibitionLifted: "inhibition_lifted"
        case .deliveryRecorded: "delivery_recorded"
        }
    }
}

extension OrderClosure {
    var isCancellation: Bool {
        if case .cancelled = self { return true }
        return false
    }
}
