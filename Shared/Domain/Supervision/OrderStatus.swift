/// Where an order stands inside its stage. The stage says which duties apply; the status says
/// whose turn it is.
public enum OrderStatus: String, Codable, Sendable, CaseIterable, CodingKeyRepresentable {
    /// Pre-warning issued; no reply required. Closes when the condition clears, or moves on.
    case open
    /// Dispatch delivered; the enterprise owes a reply by the deadline.
    case awaitingReply = "awaiting_reply"
    /// The enterprise replied; the bureau reviews (accept or return for more).
    case underReview = "under_review"
    /// The bureau accepted the reply; the order waits for the finding to be withdrawn or for the
    /// province's rule to send it on to handling after.
    case replyAccepted = "reply_accepted"
    /// Handling after delivered to the local bureau and copied to the enterprise; the enterprise
    /// may state, bring evidence, defend or confirm; no investigator yet.
    case awaitingResponse = "awaiting_response"
    /// An investigator is assigned; findings are recorded until the decision.
    case investigating
    /// Ended: condition cleared, reply accepted, decided, or the judgment was withdrawn during
    /// handling after.
    case closed
    /// Ended without a result: the judgment was withdrawn before handling after, or a bureau
    /// cancelled the order with a reason.
    case cancelled

    public var isTerminal: Bool { self == .closed || self == .cancelled }

    public var nameZh: String {
        switch self {
        case .open: "预警中"
        case .awaitingReply: "待企业反馈"
        case .underReview: "待审核反馈"
        case .replyAccepted: "反馈已认可"
        case .awaitingResponse: "待企业陈述申辩"
        case .investigating: "调查中"
        case .closed: "已办结"
        case .cancelled: "已撤销"
        }
    }
}
