/// Fuel of a boiler or gas turbine, as GB 13223-2011 Table 1 distinguishes them.
public enum Fuel: String, Sendable, Hashable, CaseIterable, Codable {
    case coal
    case oil
    case naturalGas = "natural-gas"
    /// Other gaseous fuels (其他气体燃料): coke-oven gas, blast-furnace gas…
    case otherGas = "other-gas"

    public var nameZh: String {
        switch self {
        case .coal: "燃煤"
        case .oil: "燃油"
        case .naturalGas: "天然气"
        case .otherGas: "其他气体燃料"
        }
    }
}
