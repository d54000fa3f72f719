/// How an analyser reports a concentration, so the judgment can bring it to the reporting basis
/// (mg/m³, dry, standard state; judgment.md §2) before the oxygen-reference conversion. Most CEMS
/// already report dry standard mg/m³ (`reported`), which needs nothing.
public struct MeasurementBasis: Sendable, Hashable {
    public enum Unit: Sendable, Hashable {
        case milligramsPerCubicMetre
        /// ppm of a gas of this molar mass (g/mol), see `GasConversion.molarMass`.
        case ppm(molarMass: Double)
    }

    public var unit: Unit
    /// False when the value is at flue conditions (needs temperature and pressures).
    public var standardState: Bool
    /// False when the value is wet (needs moisture).
    public var dry: Bool
    /// The value is NO and must be expressed as NO2 (× 46/30).
    public var noAsNO2: Bool

    public init(unit: Unit = .milligramsPerCubicMetre, standardState: Bool = true, dry: Bool = true, noAsNO2: Bool = false) {
        self.unit = unit
        self.standardState = standardState
        self.dry = dry
        self.noAsNO2 = noAsNO2
    }

    /// Dry, standard state, mg/m³: nothing to convert.
    public static let reported = MeasurementBasis()

    public var needsConditions: Bool { !standardState || !dry }

    /// Brings `value` to dry standard mg/m³ with the hour's flue conditions.
    public func prepare(_ value: Double, conditions: FlueGasConditions?) throws(JudgmentInputError) -> Double {
        var result = value
        if case .ppm(let molarMass) = unit { result = GasConversion.milligramsPerCubicMetre(ppm: result, molarMass: molarMass) }
        if noAsNO2 { result = GasConversion.noAsNO2(result) }
        if !standardState {
            guard let conditions else { throw JudgmentInputError(.missingInput, "缺少烟气温度与压力，无法换算为标准状态") }
            result = try GasConversion.toStandardState(result, barometricPascal: conditions.barometricPascal,
                                                       staticPascal: conditions.staticPascal,
                                                       flueTemperatureCelsius: conditions.temperatureCelsius)
        }
        if !dry {
            guard let conditions else { throw JudgmentInputError(.missingInput, "缺少烟气湿度，无法换算为干基") }
            result = try GasConversion.toDry(result, moisturePercent: conditions.moisturePercent)
        }
        return result
    }
}

/// One hour's flue-gas conditions (hourly means of a01012, a01013, i23001 and a01014).
public struct FlueGasConditions: Sendable, Hashable {
    public var temperatureCelsius: Double
    public var staticPascal: Double
    public var barometricPascal: Double
    public var moisturePercent: Double

    public init(temperatureCelsius: Double, staticPascal: Double, barometricPascal: Double, moisturePercent: Double) {
        self.temperatureCelsius = temperatureCelsius
        self.staticPascal = staticPascal
        self.barometricPascal = barometricPascal
        self.moisturePercent = moisturePercent
    }
}
