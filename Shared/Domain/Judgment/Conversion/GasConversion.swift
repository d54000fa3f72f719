/// Flue-gas conversions of judgment.md §2. These are physics and definitions (standard state is
/// 273 K and 101 325 Pa; molar volume 22.4 L/mol), not rule thresholds, so they are constants.
/// Pressures are in Pa (HJ 212 sends static pressure a01013 in kPa: multiply by 1000), the flue
/// temperature in °C, moisture X_sw in % (a01014).
public enum GasConversion {
    public static let standardTemperatureKelvin = 273.0
    public static let standardPressurePascal = 101_325.0
    public static let molarVolumeLitres = 22.4

    /// Molar masses (g/mol) as Chinese CEMS practice rounds them: SO2 64 (2.86 mg/m³ per ppm), NOx
    /// as NO2 46 (2.05), NO 30 (1.34), CO 28, NH3 17, HCl 36.5.
    public static let molarMass: [String: Double] = [
        "a21026": 64, "a21002": 46, "a21004": 46, "a21003": 30, "a21005": 28, "a21001": 17, "a21024": 36.5,
    ]

    /// C_std = C_actual × 101 325 / (B_a + P_s) × (273 + t_s) / 273.
    public static func toStandardState(_ concentration: Double, barometricPascal: Double, staticPascal: Double,
                                       flueTemperatureCelsius: Double) throws(JudgmentInputError) -> Double {
        let absolute = try absolutePressure(barometricPascal, staticPascal)
        let kelvin = try flueKelvin(flueTemperatureCelsius)
        return concentration * standardPressurePascal / absolute * kelvin / standardTemperatureKelvin
    }

    /// C_dry = C_wet / (1 − X_sw).
    public static func toDry(_ wet: Double, moisturePercent: Double) throws(JudgmentInputError) -> Double {
        wet / (1 - (try moistureFraction(moisturePercent)))
    }

    /// C (mg/m³) = M / 22.4 × ppm.
    public static func milligramsPerCubicMetre(ppm: Double, molarMass: Double) -> Double {
        molarMass / molarVolumeLitres * ppm
    }

    /// NO expressed as NO2: × 46 / 30.
    public static func noAsNO2(_ no: Double) -> Double { no * 46 / 30 }

    /// NOx as NO2 from separately measured NO and NO2 (both mg/m³).
    public static func noxAsNO2(no: Double, no2: Double) -> Double { noAsNO2(no) + no2 }

    /// Q_sn = Q_s × 273 / (273 + t_s) × (B_a + P_s) / 101 325 × (1 − X_sw).
    public static func standardDryFlow(_ flow: Double, barometricPascal: Double, staticPascal: Double,
                                       flueTemperatureCelsius: Double, moisturePercent: Double) throws(JudgmentInputError) -> Double {
        let absolute = try absolutePressure(barometricPascal, staticPascal)
        let kelvin = try flueKelvin(flueTemperatureCelsius)
        let moisture = try moistureFraction(moisturePercent)
        return flow * standardTemperatureKelvin / kelvin * absolute / standardPressurePascal * (1 - moisture)
    }

    private static func absolutePressure(_ barometric: Double, _ staticPressure: Double) throws(JudgmentInputError) -> Double {
        let absolute = barometric + staticPressure
        guard absolute.isFinite, absolute > 0 else {
            throw JudgmentInputError(.notANumber, "大气压与静压之和须为正数（帕）：\(barometric) + \(staticPressure)")
        }
        return absolute
    }

    private static func flueKelvin(_ celsius: Double) throws(JudgmentInputError) -> Double {
        let kelvin = standardTemperatureKelvin + celsius
        guard kelvin.isFinite, kelvin > 0 else { throw JudgmentInputError(.notANumber, "烟气温度 \(celsius) ℃ 低于绝对零度") }
        return kelvin
    }

    private static func moistureFraction(_ percent: Double) throws(JudgmentInputError) -> Double {
        guard percent.isFinite, percent >= 0, percent < 100 else {
            throw JudgmentInputError(.notANumber, "烟气湿度须在 0–100 % 之间（不含 100），现为 \(percent)")
        }
        return percent / 100
    }
}
