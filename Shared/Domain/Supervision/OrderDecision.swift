/// The bureau's decision at the end of handling after (处理决定).
public enum OrderDecision: Codable, Sendable, Hashable {
    /// 不构成违法, with the reason (e.g. a valid mark accepted, on-site monitoring compliant).
    case noViolation(reason: String)
    /// 违法事实成立: a case filed (立案) with an electronic penalty ticket (电子罚单).
    case violationConfirmed(caseNumber: String, penaltyTicketNumber: String, amountFen: Int)
    /// 移送: referred to another authority (public security, another bureau…).
    case referred(to: String, reason: String)

    public var code: String {
        switch self {
        case .noViolation: "no_violation"
        case .violationConfirmed: "violation_confirmed"
        case .referred: "referred"
        }
    }

    public var summaryZh: String {
        switch self {
        case .noViolation(let reason): "不构成违法：\(reason)"
        case .violationConfirmed(let caseNumber, let ticket, let amount):
            "违法事实成立：立案号\(caseNumber)，电子罚单号\(ticket)，罚款\(OrderDecision.yuan(amount))元"
        case .referred(let to, let reason): "移送\(to)：\(reason)"
        }
    }

    var problem: String? {
        switch self {
        case .noViolation(let reason):
            if reason.trimmingWhitespace.isEmpty { return "不构成违法的决定须说明理由" }
        case .violationConfirmed(let caseNumber, let ticket, let amount):
            if caseNumber.trimmingWhitespace.isEmpty { return "违法事实成立须填写立案号" }
            if ticket.trimmingWhitespace.isEmpty { return "违法事实成立须填写电子罚单号" }
            if amount <= 0 { return "罚款金额须大于0" }
        case .referred(let to, let reason):
            if to.trimmingWhitespace.isEmpty { return "移送须写明接收机关" }
            if reason.trimmingWhitespace.isEmpty { return "移送须说明理由" }
        }
        return nil
    }

    /// Fen (分) as yuan with two decimals: 1234567 → "12345.67". Money never goes through Double.
    public static func yuan(_ fen: Int) -> String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = fen.magnitude
        let cents = String(magnitude % 100)
        return sign + String(magnitude / 100) + "." + (cents.count < 2 ? "0" + cents : cents)
    }
}
