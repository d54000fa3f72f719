/// Something the people relying on a selected limit must see. `code` is stable (it leaves the
/// process in events and API answers); `textZh` is for display.
public enum SelectionNote: Sendable, Hashable {
    /// The winning limit is provisional (not confirmed from the original text).
    case provisional(rowId: String)
    /// The outlet's permit or agreement is stricter than every catalogue row and wins.
    case outletLimitOverrides(outletLimitId: String, insteadOf: String?)
    /// The outlet's permit or agreement is looser than the standard, so the standard applies.
    case outletLimitLooser(outletLimitId: String, winnerRowId: String)
    /// A local standard covers the outlet but has no row for this factor yet: the national or
    /// industry row applies meanwhile.
    case localLimitNotConfigured(standardId: String, standardCode: String)
    /// A row would apply but is written for another averaging basis than the one judged.
    case otherBasis(rowId: String, basis: AveragingBasis)
    /// A row would apply but is not in force yet on that day.
    case notYetInForce(rowId: String, from: CivilDate)
    /// A row would apply but was no longer in force on that day.
    case noLongerInForce(rowId: String, until: CivilDate)
    /// Whether the outlet is new or existing for this standard cannot be decided (no commissioning
    /// date and no declared status).
    case ageUndetermined(standardCode: String)

    public var code: String {
        switch self {
        case .provisional: "provisional"
        case .outletLimitOverrides: "outlet_limit_overrides"
        case .outletLimitLooser: "outlet_limit_looser"
        case .localLimitNotConfigured: "local_limit_not_configured"
        case .otherBasis: "other_basis"
        case .notYetInForce: "not_yet_in_force"
        case .noLongerInForce: "no_longer_in_force"
        case .ageUndetermined: "age_undetermined"
        }
    }

    /// The row or standard the note is about.
    public var subject: String {
        switch self {
        case .provisional(let id), .otherBasis(let id, _), .notYetInForce(let id, _), .noLongerInForce(let id, _): id
        case .outletLimitOverrides(let id, _), .outletLimitLooser(let id, _): id
        case .localLimitNotConfigured(let id, _): id
        case .ageUndetermined(let code): code
        }
    }

    public var textZh: String {
        switch self {
        case .provisional(let id): "限值 \(id) 为暂定值（未经原文核实）"
        case .outletLimitOverrides(let id, let other):
            "排污许可或协议限值 \(id) 严于标准\(other.map { " \($0)" } ?? "")，按许可/协议执行"
        case .outletLimitLooser(let id, let winner): "排污许可或协议限值 \(id) 宽于标准，按标准 \(winner) 执行"
        case .localLimitNotConfigured(_, let code): "地方标准 \(code) 未配置该因子限值，暂按国家或行业标准执行"
        case .otherBasis(let id, let basis): "限值 \(id) 按\(basis.nameZh)考核，不参与本次比较"
        case .notYetInForce(let id, let from): "限值 \(id) 自 \(from) 起施行，当时尚未施行"
        case .noLongerInForce(let id, let until): "限值 \(id) 已于 \(until) 停止施行"
        case .ageUndetermined(let code): "无法确定该排放源相对 \(code) 属新建还是现有（缺少投运日期）"
        }
    }
}
