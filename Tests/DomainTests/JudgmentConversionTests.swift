import Foundation
import Testing
@testable import Domain

/// Golden conversions of judgment.md §2, computed by hand.
@Suite(.timeLimit(.minutes(1)))
struct JudgmentConversionTests {
    typealias F = JudgmentFixtures

    @Test("judgment.md §2: C_std = C × 101325 / (B_a + P_s) × (273 + t_s) / 273 — 100 at 97 000 Pa and 127 °C is 153.053")
    func standardState() throws {
        // 100 × 101 325 / 97 000 × 400 / 273 = 153.0531…
        let value = try GasConversion.toStandardState(100, barometricPascal: 98_000, staticPascal: -1_000, flueTemperatureCelsius: 127)
        #expect(F.near(value, 153.053_132_434_575_73, 1e-12))
    }

    @Test("judgment.md §2: C_dry = C_wet / (1 − X_sw) — 90 wet at 10 % moisture is 100 dry")
    func dry() throws {
        #expect(F.near(try GasConversion.toDry(90, moisturePercent: 10), 100))
        #expect(throws: JudgmentInputError.self) { try GasConversion.toDry(90, moisturePercent: 100) }
    }

    @Test("judgment.md §2: ppm to mg/m³ is M / 22.4 × ppm (SO2: 100 ppm = 285.714); NO as NO2 is × 46/30 (30 → 46)")
    func ppmAndNitrogenOxides() {
        #expect(F.near(GasConversion.milligramsPerCubicMetre(ppm: 100, molarMass: GasConversion.molarMass["a21026"]!), 285.714_285_714_285_7))
        #expect(F.near(GasConversion.noAsNO2(30), 46))
        #expect(F.near(GasConversion.noxAsNO2(no: 30, no2: 4), 50))
    }

    @Test("judgment.md §2: Q_sn = Q_s × 273/(273 + t_s) × (B_a + P_s)/101325 × (1 − X_sw) — 100 m³/s is 58.803")
    func standardDryFlow() throws {
        // 100 × 273/400 × 97 000/101 325 × 0.9 = 58.8031…
        let flow = try GasConversion.standardDryFlow(100, barometricPascal: 98_000, staticPascal: -1_000, flueTemperatureCelsius: 127,
                                                     moisturePercent: 10)
        #expect(F.near(flow, 58.803_108_808_290_155, 1e-12))
        #expect(throws: JudgmentInputError.self) {
            try GasConversion.standardDryFlow(100, barometricPascal: -200_000, staticPascal: 0, flueTemperatureCelsius: 20, moisturePercent: 1)
        }
    }

    @Test("a wet, actual-state ppm reading is brought to dry standard mg/m³ before the O2 conversion")
    func measurementBasisChain() throws {
        let basis = MeasurementBasis(unit: .ppm(molarMass: 64), standardState: false, dry: false)
        let conditions = FlueGasConditions(temperatureCelsius: 127, staticPascal: -1_000, barometricPascal: 98_000, moisturePercent: 10)
        // 100 ppm → 285.714 mg/m³ → × 101325/97000 × 400/273 → / 0.9.
        let expected = 64 / 22.4 * 100 * 101_325 / 97_000 * 400 / 273 / 0.9
        #expect(F.near(try basis.prepare(100, conditions: conditions), expected, 1e-12))
        #expect(try MeasurementBasis.reported.prepare(42, conditions: nil) == 42)
        do {
            _ = try basis.prepare(100, conditions: nil)
            Issue.record("a conversion without flue conditions succeeded")
        } catch {
            #expect(error.code == .missingInput)
        }
    }

    @Test("an hour without the flue conditions its conversion needs is judged as having no value")
    func missingConditionsMeansNoValue() throws {
        let start = F.cst("2026-05-10 08:00")
        let hours = F.deviceHours(from: start, [80, 80])
        let conditions: [FlueGasConditions?] = [FlueGasConditions(temperatureCelsius: 0, staticPascal: 0, barometricPascal: 101_325,
                                                                  moisturePercent: 20), nil]
        let judged = try F.evaluator.judgeHours(
            hours, conversion: .init(oxygen: F.deviceHours(from: start, [6, 6]), measurement: MeasurementBasis(dry: false), conditions: conditions),
            limits: F.schedule([F.row("so2", .maximum(90), o2: 6)]))
        // 80 / (1 − 0.2) = 100 > 90.
        #expect(judged[0].outcome == .exceeded && F.near(judged[0].value, 100) && F.near(judged[0].measuredMean, 100))
        #expect(judged[1].outcome == .noValue && judged[1].noValueReason == "missing-input")
    }
}
