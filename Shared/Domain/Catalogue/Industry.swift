/// The three industries of the pilot (试点行业). Raw values are the stable codes used in data
/// files and events.
public enum Industry: String, Sendable, Hashable, CaseIterable, Codable {
    case thermalPower = "thermal-power"
    case cement
    case paper

    public var nameZh: String {
        switch self {
        case .thermalPower: "火电"
        case .cement: "水泥"
        case .paper: "造纸"
        }
    }
}
