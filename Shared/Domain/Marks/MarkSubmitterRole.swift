/// Who submits a mark (marking.md, "Who marks, and when"): the enterprise itself, its O&M
/// operator on its behalf, or the bureau, whose submissions after the lock are the approved
/// corrections.
public enum MarkSubmitterRole: String, Sendable, Hashable, CaseIterable, Codable {
    case enterpriseUser = "enterprise-user"
    case omOperator = "om-operator"
    case bureau

    public var nameZh: String {
        switch self {
        case .enterpriseUser: "排污单位用户"
        case .omOperator: "运维单位"
        case .bureau: "生态环境部门"
        }
    }
}
