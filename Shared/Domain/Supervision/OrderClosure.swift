/// How an order ended.
public enum OrderClosure: Codable, Sendable, Hashable {
    /// Pre-warning: the condition cleared before anything more was needed.
    case conditionCleared(reason: String)
    /// Dispatch: the bureau accepted the reply and the province's rule sends it no further.
    case replyAccepted
    /// Handling after: the bureau's decision.
    case decided(OrderDecision)
    /// Handling after: the judgment behind the order was withdrawn (e.g. a late mark accepted).
    case judgmentWithdrawn(reason: String)
    /// Cancelled: withdrawn before handling after, or by a bureau with a reason.
    case cancelled(reason: String)

    public var code: String {
        switch self {
        case .conditionCleared: "condition_cleared"
        case .replyAccepted: "reply_accepted"
        case .decided(let decision): decision.code
        case .judgmentWithdrawn: "judgment_withdrawn"
        case .cancelled: "cancelled"
        }
    }

    public var summaryZh: String {
        switch self {
        case .conditionCleared(let reason): "异常已消除：\(reason)"
        case .replyAccepted: "企业反馈经审核认可，办结"
        case .decided(let decision): decision.summaryZh
        case .judgmentWithdrawn(let reason): "判定已撤回：\(reason)"
        case .cancelled(let reason): "撤销：\(reason)"
        }
    }
}
