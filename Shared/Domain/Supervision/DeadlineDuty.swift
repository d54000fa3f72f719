/// Who owes what by a deadline. Each duty belongs to one stage; deadlines are counted in working
/// days per duty, order type and province (data/supervision/rules.json).
public enum DeadlineDuty: String, Codable, Sendable, CaseIterable, Comparable {
    /// Dispatch: the enterprise's reply. Overdue → escalate one bureau level and renew.
    case enterpriseReply = "enterprise_reply"
    /// Dispatch: the bureau's review of a reply. Overdue → escalate and renew.
    case bureauReview = "bureau_review"
    /// Handling after: the enterprise's statement, evidence, defence or confirmation. Overdue →
    /// the window closes (the bureau may decide), no escalation: it is the enterprise's right.
    case enterpriseResponse = "enterprise_response"
    /// Handling after: investigation and decision by the bureau. Overdue → escalate and renew.
    case bureauDecision = "bureau_decision"

    public var stage: OrderStage {
        switch self {
        case .enterpriseReply, .bureauReview: .dispatch
        case .enterpriseResponse, .bureauDecision: .handlingAfter
        }
    }

    public var owedByEnterprise: Bool { self == .enterpriseReply || self == .enterpriseResponse }

    /// Whether a missed deadline raises the order to the next bureau level.
    public var escalatesWhenOverdue: Bool { self != .enterpriseResponse }

    public var nameZh: String {
        switch self {
        case .enterpriseReply: "企业反馈"
        case .bureauReview: "审核企业反馈"
        case .enterpriseResponse: "企业陈述申辩"
        case .bureauDecision: "调查处理"
        }
    }

    public static func < (lhs: DeadlineDuty, rhs: DeadlineDuty) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
