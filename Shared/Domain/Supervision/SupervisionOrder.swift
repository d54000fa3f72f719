public import Foundation

/// An electronic supervision order (督办单) as a pure state machine. `open` and `handle` take a
/// command and return the new state with the events to store and the actions to take, or a
/// refusal with a stable code and a reason in Chinese. The state is a fold of its events:
/// `replay` rebuilds it from the history alone.
public struct SupervisionOrder: Codable, Sendable, Hashable {
    public let id: String
    public let number: String
    public let type: OrderType
    public let enterprise: OrderEnterprise
    public let outletId: String
    public let outletName: String
    public let rulesetId: String
    public let rulesVersion: String
    public let triggerRuleId: String
    public let markingDeadline: Date?
    public let openedAt: Date
    /// The finding the order opened with: the episode's key even after it is withdrawn.
    public let openingFinding: Finding

    public internal(set) var sequence: Int
    public internal(set) var stage: OrderStage
    public internal(set) var stageEnteredAt: Date
    /// The highest stage each was entered, in order, with when.
    public internal(set) var stageHistory: [StageEntry]
    public internal(set) var status: OrderStatus
    /// Standing findings; the first is the one the order opened with while it stands.
    public internal(set) var findings: [Finding]
    public internal(set) var withdrawnFindingIds: [String]
    public internal(set) var assignedBureau: JurisdictionPath
    /// Earlier bureaus, oldest first (reassignment keeps the history).
    public internal(set) var previousBureaus: [JurisdictionPath]
    /// The bureau level now supervising; overdue deadlines raise it.
    public internal(set) var escalation: Jurisdiction.Level
    public internal(set) var deadlines: [OrderDeadline]
    /// The first reply deadline set on entering dispatch, kept for the reply-rate figures.
    public internal(set) var firstReplyDue: Date?
    public internal(set) var replies: [SubmittedReply]
    public internal(set) var responses: [SubmittedResponse]
    public internal(set) var responseWindowClosed: Bool
    public internal(set) var investigator: Investigation.Assignment?
    public internal(set) var investigationReports: [Investigation.Report]
    public internal(set) var decision: OrderDecision?
    public internal(set) var closure: OrderClosure?
    public internal(set) var endedAt: Date?
    /// Faults inhibiting the order.
    public internal(set) var inhibitors: [String]
    public internal(set) var deliveries: [OrderDelivery]

    public struct StageEntry: Codable, Sendable, Hashable {
        public var stage: OrderStage
        public var enteredAt: Date
    }

    public var isInhibited: Bool { !inhibitors.isEmpty }

    public func deadline(for duty: DeadlineDuty) -> OrderDeadline? { deadlines.first { $0.duty == duty } }

    /// The finding that names the order in messages: the first standing one, else the one it
    /// opened with.
    public var primaryFinding: Finding { findings.first ?? openingFinding }

    /// Span of the episode over the standing findings.
    public var episodeStart: Date? { findings.map(\.start).min() }
    public var episodeEnd: Date? { findings.map(\.end).max() }

    /// The state after the opening event.
    init(opening: OrderOpening, orderId: String, at time: Date) {
        id = orderId
        number = opening.number
        type = opening.type
        enterprise = opening.enterprise
        outletId = opening.finding.outletId
        outletName = opening.outletName
        rulesetId = opening.rulesetId
        rulesVersion = opening.rulesVersion
        triggerRuleId = opening.triggerRuleId
        markingDeadline = opening.markingDeadline
        openedAt = time
        openingFinding = opening.finding
        sequence = 1
        stage = opening.stage
        stageEnteredAt = time
        stageHistory = [StageEntry(stage: opening.stage, enteredAt: time)]
        status = Self.entryStatus(of: opening.stage)
        findings = [opening.finding]
        withdrawnFindingIds = []
        assignedBureau = opening.assignedBureau
        previousBureaus = []
        escalation = opening.assignedBureau.level
        deadlines = opening.deadlines
        firstReplyDue = opening.deadlines.first { $0.duty == .enterpriseReply }?.due
        replies = []
        responses = []
        responseWindowClosed = false
        investigator = nil
        investigationReports = []
        decision = nil
        closure = nil
        endedAt = nil
        inhibitors = opening.inhibitors
        deliveries = []
    }

    static func entryStatus(of stage: OrderStage) -> OrderStatus {
        switch stage {
        case .preWarning: .open
        case .dispatch: .awaitingReply
        case .handlingAfter: .awaitingResponse
        }
    }

    /// Applies one event's change. Pure: everything needed is in the event.
    mutating func apply(_ change: OrderChange, actor: OrderActor, at time: Date) {
        sequence += 1
        switch change {
        case .opened:
            preconditionFailure("an order opens once")
        case .findingAdded(let finding):
            withdrawnFindingIds.removeAll { $0 == finding.id }
            findings.append(finding)
        case .findingUpdated(let finding):
            if let index = findings.firstIndex(where: { $0.id == finding.id }) { findings[index] = finding }
        case .findingWithdrawn(let id):
            findings.removeAll { $0.id == id }
            withdrawnFindingIds.append(id)
        case .stageAdvanced(_, let to, _, let newDeadlines):
            stage = to
            stageEnteredAt = time
            stageHistory.append(StageEntry(stage: to, enteredAt: time))
            status = Self.entryStatus(of: to)
            deadlines = newDeadlines
            if firstReplyDue == nil { firstReplyDue = newDeadlines.first { $0.duty == .enterpriseReply }?.due }
        case .replySubmitted(let reply, let onTime, let reviewDeadline):
            replies.append(SubmittedReply(reply: reply, actor: actor, submittedAt: time, onTime: onTime))
            status = .underReview
            deadlines.removeAll { $0.duty == .enterpriseReply || $0.duty == .bureauReview }
            deadlines.append(reviewDeadline)
        case .replyAccepted:
            status = .replyAccepted
            deadlines.removeAll { $0.duty == .bureauReview }
        case .replyReturned(_, let replyDeadline):
            status = .awaitingReply
            deadlines.removeAll { $0.duty == .bureauReview || $0.duty == .enterpriseReply }
            deadlines.append(replyDeadline)
        case .responseSubmitted(let response, let onTime):
            // The window stays open until its deadline: the enterprise may add to what it said.
            responses.append(SubmittedResponse(response: response, actor: actor, submittedAt: time, onTime: onTime))
        case .responseWindowClosed:
            responseWindowClosed = true
            deadlines.removeAll { $0.duty == .enterpriseResponse }
        case .investigatorAssigned(let assignment):
            investigator = assignment
            status = .investigating
        case .investigationRecorded(let report):
            investigationReports.append(report)
        case .decided(let decision):
            self.decision = decision
        case .ended(let closure):
            self.closure = closure
            endedAt = time
            status = closure.isCancellation ? .cancelled : .closed
            deadlines = []
        case .reassigned(let from, let to):
            previousBureaus.append(from)
            assignedBureau = to
            if to.level.seniority > escalation.seniority { escalation = to.level }
        case .escalated(let duty, _, let to, let renewed):
            escalation = to
            deadlines.removeAll { $0.duty == duty }
            deadlines.append(renewed)
        case .overdue(let duty):
            if let index = deadlines.firstIndex(where: { $0.duty == duty }) { deadlines[index].overdue = true }
        case .reminderIssued(let duty, let hours):
            if let index = deadlines.firstIndex(where: { $0.duty == duty }) { deadlines[index].remindersIssued += hours }
        case .inhibited(let fault):
            inhibitors.append(fault)
        case .inhibitionLifted(let fault, _, let renewed):
            inhibitors.removeAll { $0 == fault }
            if let renewed { deadlines = renewed }
        case .deliveryRecorded(let receipt):
            deliveries.append(receipt)
        }
        deadlines.sort { $0.duty < $1.duty }
    }

    /// Why a history does not replay.
    public struct ReplayError: Error, Sendable, Hashable, CustomStringConvertible {
        public var sequence: Int
        public var reasonZh: String

        public init(sequence: Int, reasonZh: String) {
            self.sequence = sequence
            self.reasonZh = reasonZh
        }

        public var description: String { "第\(sequence)号事件：\(reasonZh)" }
    }

    /// Rebuilds the order from its events, checking the sequence, the order id, and the stage
    /// and status each event recorded.
    public static func replay(_ events: [OrderEvent]) throws(ReplayError) -> SupervisionOrder {
        guard let first = events.first else { throw ReplayError(sequence: 0, reasonZh: "没有事件") }
        guard case .opened(let opening) = first.change, first.sequence == 1 else {
            throw ReplayError(sequence: first.sequence, reasonZh: "第一个事件须为序号1的开单事件")
        }
        var order = SupervisionOrder(opening: opening, orderId: first.orderId, at: first.occurredAt)
        try check(order, against: first)
        for event in events.dropFirst() {
            guard event.orderId == order.id else { throw ReplayError(sequence: event.sequence, reasonZh: "督办单编号与第一个事件不一致") }
            guard event.sequence == order.sequence + 1 else {
                throw ReplayError(sequence: event.sequence, reasonZh: "序号应为\(order.sequence + 1)")
            }
            if case .opened = event.change { throw ReplayError(sequence: event.sequence, reasonZh: "重复的开单事件") }
            order.apply(event.change, actor: event.actor, at: event.occurredAt)
            try check(order, against: event)
        }
        return order
    }

    private static func check(_ order: SupervisionOrder, against event: OrderEvent) throws(ReplayError) {
        guard order.stage == event.stage, order.status == event.status else {
            throw ReplayError(sequence: event.sequence,
                              reasonZh: "事件记录的阶段/状态为\(event.stage.chineseName)/\(event.status.nameZh)，重放得到\(order.stage.chineseName)/\(order.status.nameZh)")
        }
    }
}
