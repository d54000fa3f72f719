/// The kind of production unit or emission source a limit row is written for (the "process" part
/// of a source category). Fuel is separate (`Fuel`), so "natural-gas turbine" is
/// `.gasTurbine` + `.naturalGas`.
public enum UnitType: String, Sendable, Hashable, CaseIterable, Codable {
    /// Power or heat-supply boiler (火力发电锅炉), any fuel.
    case boiler
    /// Gas turbine unit (燃气轮机组), natural gas, other gas or oil.
    case gasTurbine = "gas-turbine"
    /// Cement kiln and kiln-tail waste-heat system (水泥窑及窑尾余热利用系统).
    case cementKiln = "cement-kiln"
    /// Dryer, drying mill, coal mill, clinker cooler (烘干机、烘干磨、煤磨及冷却机).
    case cementDryer = "cement-dryer"
    /// Crushers, mills, packers, silos and other ventilated equipment (破碎机、磨机、包装机及其他通风生产设备).
    case cementVentilated = "cement-ventilated"
    /// Pulping or papermaking line (制浆/造纸生产线).
    case paperLine = "paper-line"
    /// Wastewater treatment plant of an enterprise (废水处理设施), the usual source behind a water outlet.
    case wastewaterPlant = "wastewater-plant"

    public var nameZh: String {
        switch self {
        case .boiler: "锅炉"
        case .gasTurbine: "燃气轮机组"
        case .cementKiln: "水泥窑及窑尾余热利用系统"
        case .cementDryer: "烘干机、烘干磨、煤磨及冷却机"
        case .cementVentilated: "破碎机、磨机、包装机及其他通风生产设备"
        case .paperLine: "制浆造纸生产线"
        case .wastewaterPlant: "废水处理设施"
        }
    }
}
