import Foundation

/// Collects the events of one command: each change is applied to the working state at once, so
/// later steps of the same command see it, and numbered in order.
struct OrderTransaction {
    var order: SupervisionOrder
    var events: [OrderEvent]
    var actions: [OrderAction] = []
    let actor: OrderActor
    let now: Date
    let context: SupervisionContext

    init(order: SupervisionOrder, events: [OrderEvent] = [], actor: OrderActor, now: Date, context: SupervisionContext) {
        self.order = order
        self.events = events
        self.actor = actor
        self.now = now
        self.context = context
    }

    var outcome: OrderOutcome { OrderOutcome(order: order, events: events, actions: actions) }

    mutating func record(_ change: OrderChange, _ reasonZh: String) {
        order.apply(change, actor: actor, at: now)
        events.append(OrderEvent(orderId: order.id, sequence: order.sequence, occurredAt: now, actor: actor, change: change,
                                 stage: order.stage, status: order.status, reasonZh: reasonZh))
    }

    mutating func notify(_ kind: String, audience: NotificationIntent.Audience, urgency: NotificationIntent.Urgency? = nil,
                         deadline: OrderDeadline? = nil) {
        let level: NotificationIntent.Urgency = urgency ?? (order.stage == .preWarning && order.type != .exceedance ? .normal : .high)
        actions.append(.notify(NotificationIntent(
            kind: kind, stage: order.stage, escalation: order.escalation, audience: audience, urgency: level,
            variables: order.notificationVariables(deadline: deadline))))
    }

    mutating func end(_ closure: OrderClosure, _ reasonZh: String) {
        record(.ended(closure), reasonZh)
        actions.append(.signChainHead(reasonZh: "督办单\(order.number)\(closure.isCancellation ? "撤销" : "办结")"))
        notify(closure.isCancellation ? "cancelled" : "closed", audience: .stageRecipients, urgency: .normal)
    }

    func makeDeadline(_ duty: DeadlineDuty, escalations: Int = 0) -> OrderDeadline {
        let days = context.ruleset.workingDays(for: duty, type: order.type)
        let counted = context.calendar.deadline(after: now, workingDays: days)
        return OrderDeadline(duty: duty, setAt: now, due: counted.due, workingDays: days,
                             calendarProvisional: counted.provisional, escalations: escalations)
    }

    func entryDeadlines(for stage: OrderStage) -> [OrderDeadline] {
        switch stage {
        case .preWarning: []
        case .dispatch: [makeDeadline(.enterpriseReply)]
        case .handlingAfter: [makeDeadline(.enterpriseResponse), makeDeadline(.bureauDecision)]
        }
    }

    mutating func advance(to stage: OrderStage, ruleId: String, _ reasonZh: String) {
        let deadlines = entryDeadlines(for: stage)
        record(.stageAdvanced(from: order.stage, to: stage, ruleId: ruleId, deadlines: deadlines), reasonZh)
        if !order.isInhibited {
            notify("\(stage.rawValue).\(order.type.rawValue)", audience: .stageRecipients, deadline: deadlines.first)
        }
    }

    /// Moves the order to the stage its trigger rule now calls for, if any. Inhibited orders wait.
    mutating func evaluateTriggers() {
        guard !order.status.isTerminal, !order.isInhibited,
              let rule = context.ruleset.trigger(id: order.triggerRuleId) else { return }
        let facts = TriggerCondition.Facts(findings: order.findings, markingDeadline: order.markingDeadline,
                                           current: (order.stage, order.stageEnteredAt), now: now)
        guard let target = rule.targetStage(facts) else { return }
        advance(to: target.stage, ruleId: rule.id, "\(target.stage.chineseName)触发（规则\(rule.id)）：\(target.reasonZh)")
    }
}
