/// The two families of enterprise marks (marking.md): the state of production and pollution
/// control (工况标记) and the state of the monitoring equipment itself (自动监测设备标记).
public enum MarkFamily: String, Sendable, Hashable, CaseIterable, Codable {
    case workingCondition = "working-condition"
    case equipment

    public var nameZh: String { self == .workingCondition ? "工况标记" : "自动监测设备标记" }
}
