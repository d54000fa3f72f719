/// A key operating parameter (关键工况参数) of a unit: the evidence for working-condition marks
/// (boiler evaporation, generator output, kiln smoke-chamber temperature, production load i33400,
/// wastewater flow…), with its code as the device sends it and its normal range.
public struct OperatingParameter: Sendable, Hashable, Identifiable {
    public var id: String
    public var unitId: String
    /// The monitoring point that carries it, when it arrives over HJ 212.
    public var pointId: String?
    /// Code as sent (`i33400`, a provincial `e…`/`g…` code).
    public var code: String
    public var name: String
    public var unit: String
    public var normalLow: Double?
    public var normalHigh: Double?
    /// Below this value the unit is considered stopped (for false 停运 marks), when known.
    public var stoppedBelow: Double?

    public init(id: String, unitId: String, pointId: String?, code: String, name: String, unit: String, normalLow: Double?,
                normalHigh: Double?, stoppedBelow: Double?) {
        self.id = id
        self.unitId = unitId
        self.pointId = pointId
        self.code = code
        self.name = name
        self.unit = unit
        self.normalLow = normalLow
        self.normalHigh = normalHigh
        self.stoppedBelow = stoppedBelow
    }
}
