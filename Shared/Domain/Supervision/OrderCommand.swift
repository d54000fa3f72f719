/// What an actor asks of an existing order. Opening is `SupervisionOrder.open`.
public enum OrderCommand: Sendable, Hashable {
    /// System: a related finding joins the episode, or a new version of one replaces it.
    case addFinding(Finding)
    /// System: a judgment was withdrawn (e.g. a late mark accepted).
    case withdrawFinding(id: String, reason: String)
    /// System: the condition behind a pre-warning cleared.
    case clearCondition(reason: String)
    /// System: the clock. Time triggers, reminders and overdue escalation; idempotent.
    case tick
    /// Enterprise user or O&M operator: the dispatch reply.
    case submitReply(EnterpriseReply)
    /// Bureau: the reply is accepted.
    case acceptReply(note: String)
    /// Bureau: the reply is returned for more, with what is missing.
    case returnReply(reason: String)
    /// Enterprise (O&M operator: evidence only): statement, evidence, defence or confirmation.
    case submitResponse(HandlingResponse)
    case assignInvestigator(Investigation.Assignment)
    /// The assigned investigator records findings.
    case recordInvestigation(Investigation.Report)
    case decide(OrderDecision)
    /// Bureau: hand the order to another bureau; the history stays with the order.
    case reassign(to: JurisdictionPath, reason: String)
    /// Bureau: move the order to a later stage before its trigger says so.
    case advanceStage(to: OrderStage, reason: String)
    /// Bureau: cancel with a reason.
    case cancel(reason: String)
    /// System: an equipment fault that explains this order was found.
    case inhibit(faultFindingId: String, reason: String)
    /// System: the fault was resolved or rejected.
    case liftInhibition(faultFindingId: String, outcome: InhibitionOutcome)
    /// System: Notify delivered a notification of this order.
    case recordDelivery(OrderDelivery)

    /// Stable code, as commands on `duban.commands` name them.
    public var code: String {
        switch self {
        case .addFinding: "add_finding"
        case .withdrawFinding: "withdraw_finding"
        case .clearCondition: "clear_condition"
        case .tick: "tick"
        case .submitReply: "submit_reply"
        case .acceptReply: "accept_reply"
        case .returnReply: "return_reply"
        case .submitResponse: "submit_response"
        case .assignInvestigator: "assign_investigator"
        case .recordInvestigation: "record_investigation"
        case .decide: "decide"
        case .reassign: "reassign"
        case .advanceStage: "advance_stage"
        case .cancel: "cancel"
        case .inhibit: "inhibit"
        case .liftInhibition: "lift_inhibition"
        case .recordDelivery: "record_delivery"
        }
    }

    public var nameZh: String {
        switch self {
        case .addFinding: "归并发现"
        case .withdrawFinding: "撤回判定"
        case .clearCondition: "异常消除"
        case .tick: "定时检查"
        case .submitReply: "提交反馈"
        case .acceptReply: "审核通过"
        case .returnReply: "退回补充"
        case .submitResponse(let response): "提交\(response.kind.nameZh)"
        case .assignInvestigator: "指派调查人员"
        case .recordInvestigation: "录入调查结果"
        case .decide: "作出处理决定"
        case .reassign: "改派"
        case .advanceStage: "升级督办阶段"
        case .cancel: "撤销督办单"
        case .inhibit: "抑制"
        case .liftInhibition: "解除抑制"
        case .recordDelivery: "记录送达"
        }
    }
}

/// How an inhibiting fault ended.
public enum InhibitionOutcome: String, Codable, Sendable, Hashable {
    /// The fault was real and is fixed.
    case resolved
    /// The fault was not accepted (e.g. a false fault mark): what it seemed to explain stands.
    case rejected

    public var nameZh: String { self == .resolved ? "故障已排除" : "故障未被认可" }
}
