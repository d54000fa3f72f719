/// The three stages of an electronic supervision order (supervision.md).
public enum OrderStage: String, Codable, Sendable, CaseIterable, CodingKeyRepresentable {
    /// 事前预警: informational, no reply required.
    case preWarning = "pre_warning"
    /// 事中调度: the enterprise must reply by a deadline.
    case dispatch
    /// 事后处理: the local bureau investigates and decides.
    case handlingAfter = "handling_after"

    public var chineseName: String {
        switch self {
        case .preWarning: "事前预警"
        case .dispatch: "事中调度"
        case .handlingAfter: "事后处理"
        }
    }

    /// Position in the lifecycle: an order only moves to a later stage, never back.
    public var rank: Int {
        switch self {
        case .preWarning: 0
        case .dispatch: 1
        case .handlingAfter: 2
        }
    }
}

extension OrderStage: Comparable {
    public static func < (lhs: OrderStage, rhs: OrderStage) -> Bool { lhs.rank < rhs.rank }
}
