import Foundation

/// The JSON form of a command on `duban.commands` (`cn.duban.order.command.v1`): `code` names the
/// command, the other keys are its arguments, e.g. `{"code":"return_reply","reason":"…"}`.
extension OrderCommand: Codable {
    private enum CodingKeys: String, CodingKey {
        case code, finding, id, reason, reply, note, response, assignment, report, decision, to, faultFindingId, outcome, delivery
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let code = try container.decode(String.self, forKey: .code)
        func reason() throws -> String { try container.decode(String.self, forKey: .reason) }
        switch code {
        case "add_finding": self = .addFinding(try container.decode(Finding.self, forKey: .finding))
        case "withdraw_finding": self = .withdrawFinding(id: try container.decode(String.self, forKey: .id), reason: try reason())
        case "clear_condition": self = .clearCondition(reason: try reason())
        case "tick": self = .tick
        case "submit_reply": self = .submitReply(try container.decode(EnterpriseReply.self, forKey: .reply))
        case "accept_reply": self = .acceptReply(note: try container.decodeIfPresent(String.self, forKey: .note) ?? "")
        case "return_reply": self = .returnReply(reason: try reason())
        case "submit_response": self = .submitResponse(try container.decode(HandlingResponse.self, forKey: .response))
        case "assign_investigator": self = .assignInvestigator(try container.decode(Investigation.Assignment.self, forKey: .assignment))
        case "record_investigation": self = .recordInvestigation(try container.decode(Investigation.Report.self, forKey: .report))
        case "decide": self = .decide(try container.decode(OrderDecision.self, forKey: .decision))
        case "reassign": self = .reassign(to: try container.decode(JurisdictionPath.self, forKey: .to), reason: try reason())
        case "advance_stage": self = .advanceStage(to: try container.decode(OrderStage.self, forKey: .to), reason: try reason())
        case "cancel": self = .cancel(reason: try reason())
        case "inhibit": self = .inhibit(faultFindingId: try container.decode(String.self, forKey: .faultFindingId), reason: try reason())
        case "lift_inhibition":
            self = .liftInhibition(faultFindingId: try container.decode(String.self, forKey: .faultFindingId),
                                   outcome: try container.decode(InhibitionOutcome.self, forKey: .outcome))
        case "record_delivery": self = .recordDelivery(try container.decode(OrderDelivery.self, forKey: .delivery))
        default:
            throw DecodingError.dataCorruptedError(forKey: .code, in: container, debugDescription: "未知的督办指令「\(code)」")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        switch self {
        case .addFinding(let finding): try container.encode(finding, forKey: .finding)
        case .withdrawFinding(let id, let reason):
            try container.encode(id, forKey: .id)
            try container.encode(reason, forKey: .reason)
        case .clearCondition(let reason), .returnReply(let reason), .cancel(let reason):
            try container.encode(reason, forKey: .reason)
        case .tick: break
        case .submitReply(let reply): try container.encode(reply, forKey: .reply)
        case .acceptReply(let note): try container.encode(note, forKey: .note)
        case .submitResponse(let response): try container.encode(response, forKey: .response)
        case .assignInvestigator(let assignment): try container.encode(assignment, forKey: .assignment)
        case .recordInvestigation(let report): try container.encode(report, forKey: .report)
        case .decide(let decision): try container.encode(decision, forKey: .decision)
        case .reassign(let to, let reason):
            try container.encode(to, forKey: .to)
            try container.encode(reason, forKey: .reason)
        case .advanceStage(let to, let reason):
            try container.encode(to, forKey: .to)
            try container.encode(reason, forKey: .reason)
        case .inhibit(let fault, let reason):
            try container.encode(fault, forKey: .faultFindingId)
            try container.encode(reason, forKey: .reason)
        case .liftInhibition(let fault, let outcome):
            try container.encode(fault, forKey: .faultFindingId)
            try container.encode(outcome, forKey: .outcome)
        case .recordDelivery(let delivery): try container.encode(delivery, forKey: .delivery)
        }
    }

    /// Commands only the service itself issues (from judgments, faults, deliveries and the clock):
    /// never accepted from `duban.commands`.
    public var isSystemOnly: Bool {
        switch self {
        case .addFinding, .withdrawFinding, .clearCondition, .tick, .inhibit, .liftInhibition, .recordDelivery: true
        default: false
        }
    }
}
