/// Direct discharge into the environment (直接排放) or indirect discharge into a municipal or park
/// sewage plant (间接排放). For air outlets it is always direct.
public enum DischargeMode: String, Sendable, Hashable, CaseIterable, Codable {
    case direct
    case indirect
}
