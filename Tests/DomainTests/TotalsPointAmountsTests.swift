import Foundation
import Testing
@testable import Domain

/// The amounts Judgment stores per hour (`PointAmounts`, from stored rows) and the permit check
/// from the sums of that table (`TotalQuantityCheck.finding`), against the hand-computed figures
/// and against `assess` over the same hours.
@Suite(.timeLimit(.minutes(1)))
struct TotalsPointAmountsTests {
    typealias F = JudgmentFixtures
    static let start = F.cst("2026-05-01")
    static let subject = RecomputeSubject(mn: "MN1", pointId: "P1", outletId: "DA001", outletName: "1号排口", enterpriseId: "E1",
                                          enterpriseName: "示范电厂", medium: .air, basis: .hour, countyCode: "510121", cityCode: "510100")

    static func hour(_ factor: String, _ index: Int, _ value: Double, flag: String = "N") -> StoredValue {
        StoredValue(level: .hour, factor: factor, dataTime: start.addingTimeInterval(Double(index) * 3600), value: value, converted: nil,
                    flag: flag, frameId: "f\(index)")
    }

    @Test("stored hours → one series per pollutant (not O2, not the flow): 100 mg/m³ × 10 m³/s is 0.0036 t an hour; an invalid hour is substituted")
    func amountsFromStoredRows() throws {
        let values = (0..<3).flatMap { index in
            [Self.hour("a21026", index, 100, flag: index == 2 ? "D" : "N"), Self.hour("a00000", index, 10), Self.hour("a19001", index, 6)]
        }
        let window = try #require(TimeSpan(start: Self.start, end: Self.start.addingTimeInterval(3 * 3600)))
        let series = try PointAmounts(rules: F.rules, flagEffects: F.flagEffects).recompute(subject: Self.subject, window: window,
                                                                                            values: values, marks: [])
        #expect(series.map(\.factor) == ["a21026"])
        let so2 = try #require(series.first)
        #expect(so2.hours.map(\.layer) == [.measured, .measured, .substituted])
        #expect(F.near(so2.measuredTonnes, 0.0072) && F.near(so2.substitutedTonnes, 0.0036))
    }

    @Test("no flow hours: no amount at all (a concentration alone says nothing of tonnes)")
    func noFlowNoAmount() throws {
        let window = try #require(TimeSpan(start: Self.start, end: Self.start.addingTimeInterval(3600)))
        let series = try PointAmounts(rules: F.rules, flagEffects: F.flagEffects).recompute(subject: Self.subject, window: window,
                                                                                            values: [Self.hour("a21026", 0, 100)], marks: [])
        #expect(series.isEmpty)
    }

    @Test("the check from sums equals the check from the hours they sum; a month's first heavy hour projects the month past its total")
    func sumsMatchHours() throws {
        let hours = (0..<5).map { index in
            HourlyAmount(start: Self.start.addingTimeInterval(Double(index) * 3600), layer: index == 4 ? .substituted : .measured, tonnes: 1.3,
                         concentration: 400, flow: 900, concentrationSubstituted: index == 4, flowSubstituted: false, operatingMinutes: 60)
        }
        let series = AmountSeries(outletId: "DA001", factor: "a21026", hours: hours, measuredTonnes: 5.2, substitutedTonnes: 1.3, unknownHours: 0,
                                  concentrationCaptureRate: 0.8, flowCaptureRate: 1, rulesVersion: F.rules.version)
        let total = Permit.Total(factor: "a21026", annualTonnes: 700, monthlyTonnes: 70)
        let asOf = Self.start.addingTimeInterval(5 * 3600)
        let fromHours = TotalQuantityCheck.assess(enterpriseId: "E1", factor: "a21026", total: total, amounts: [series], asOf: asOf, rules: F.rules)
        let periods = TotalQuantityCheck.periods(of: total, asOf: asOf)
        #expect(periods.map(\.period.key) == ["2026", "2026-05"])
        let fromSums = periods.flatMap { period in
            TotalQuantityCheck.finding(period.period, start: period.start, end: period.end, permitted: period.permittedTonnes,
                                       sums: .init(measuredTonnes: 5.2, substitutedTonnes: 1.3, recentTonnes: 6.5, unknownHours: 0),
                                       enterpriseId: "E1", factor: "a21026", asOf: asOf, rules: F.rules)
        }
        #expect(fromSums.map(\.id) == fromHours.map(\.id))
        let month = try #require(fromSums.first)
        #expect(month.kind == .projectedBreach && month.period.key == "2026-05")
        // 6.5 t in 5 hours: 1.3 t/h over the 744 hours of May is 967.2 t.
        #expect(F.near(month.projectedTonnes, 1.3 * 744) && F.near(month.cumulativeTonnes, 6.5))
        #expect(F.near(fromHours.first?.projectedTonnes ?? 0, month.projectedTonnes))
    }
}
