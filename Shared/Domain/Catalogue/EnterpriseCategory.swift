/// Enterprise type where a standard's limits depend on it (GB 3544-2008 Table 2: pulp mill,
/// integrated pulp and paper mill, paper mill).
public enum EnterpriseCategory: String, Sendable, Hashable, CaseIterable, Codable {
    case pulpMill = "pulp-mill"
    case integratedPulpPaper = "integrated-pulp-paper"
    case paperMill = "paper-mill"

    public var nameZh: String {
        switch self {
        case .pulpMill: "制浆企业"
        case .integratedPulpPaper: "制浆和造纸联合生产企业"
        case .paperMill: "造纸企业"
        }
    }
}
