/// What Dispatch must do after a transition, besides storing and publishing the events.
public enum OrderAction: Sendable, Hashable {
    /// Tell people: Dispatch resolves the recipients (`SupervisionRecipients`) and asks Notify.
    case notify(NotificationIntent)
    /// Sign the chain head now (every decision and every end of an order).
    case signChainHead(reasonZh: String)
}

/// One message to send about an order: the template kind, who it is for, and the variables.
public struct NotificationIntent: Sendable, Hashable {
    public enum Audience: String, Sendable, Hashable {
        /// The stage's recipients (RecipientPolicy), copied up to the escalation level.
        case stageRecipients = "stage"
        /// The enterprise's contacts only.
        case enterprise
        /// The local bureau and the bureaus up to the escalation level.
        case bureaus
    }

    public enum Urgency: String, Sendable, Hashable {
        case normal
        case high
    }

    /// Template kind: `dispatch.exceedance`, `reminder.enterprise_reply`, `overdue.bureau_review`…
    public var kind: String
    public var stage: OrderStage
    public var escalation: Jurisdiction.Level
    public var audience: Audience
    public var urgency: Urgency
    public var variables: [String: String]

    public init(kind: String, stage: OrderStage, escalation: Jurisdiction.Level, audience: Audience, urgency: Urgency,
                variables: [String: String]) {
        self.kind = kind
        self.stage = stage
        self.escalation = escalation
        self.audience = audience
        self.urgency = urgency
        self.variables = variables
    }
}
