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
    case deliveryRecorded(OrderDelivery)

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

extension OrderChange {
    /// The transition code in Chinese, for summaries and the portal; unknown codes come back as given.
    public static func transitionNameZh(_ code: String) -> String {
        switch code {
        case "opened": "开单"
        case "finding_added": "归并发现"
        case "finding_updated": "发现更新"
        case "finding_withdrawn": "判定撤回"
        case "stage_advanced": "转入下一阶段"
        case "reply_submitted": "企业反馈"
        case "reply_accepted": "反馈审核通过"
        case "reply_returned": "反馈退回补充"
        case "response_submitted": "企业陈述申辩"
        case "response_window_closed": "陈述申辩期限届满"
        case "investigator_assigned": "指派调查人员"
        case "investigation_recorded": "录入调查结果"
        case "decided": "处理决定"
        case "closed": "办结"
        case "cancelled": "撤销"
        case "reassigned": "改派"
        case "escalated": "逾期升级"
        case "overdue": "逾期"
        case "reminder_issued": "期限提醒"
        case "inhibited": "抑制"
        case "inhibition_lifted": "解除抑制"
        case "delivery_recorded": "送达"
        default: code
        }
    }
}
