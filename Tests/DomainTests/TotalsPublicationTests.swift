import Foundation
import Testing
@testable import Domain

/// Total-quantity judgments as published (`TotalQuantityPublication`) and as the supervision rules
/// see them (`Finding(total:)`). Amounts: 0.02 t every hour of 2026 (judgment.md §3; rules
/// judgment-rules.json 2026.1 `totals`: warn at 100 % of the permitted amount, rate over the last
/// 30 days; data/supervision/rules.json `total-quantity`: pre-warning at a projected share ≥ 1,
/// handling after at an actual share > 1).
struct TotalsPublicationTests {
    typealias F = JudgmentFixtures
    static let subject = TotalQuantityPublication.Subject(enterpriseId: "E1", enterpriseName: "示范电厂", permitId: "permit-1",
                                                          permitNumber: "91510100MA6C0001X001P", outletIds: ["DA002", "DA001"],
                                                          countyCode: "510104", cityCode: "510100")

    /// 0.02 t every hour of 2026 up to `asOf`.
    static func steady(until asOf: Date) -> [AmountSeries] {
        let yearStart = F.cst("2026-01-01")
        let count = Int(asOf.timeIntervalSince(yearStart) / 3600)
        let hours = (0..<count).map {
            HourlyAmount(start: yearStart.addingTimeInterval(Double($0) * 3600), layer: .measured, tonnes: 0.02, concentration: nil,
                         flow: nil, concentrationSubstituted: false, flowSubstituted: false, operatingMinutes: 60)
        }
        return [AmountSeries(outletId: "DA001", factor: "a21026", hours: hours, measuredTonnes: 0.02 * Double(count), substitutedTonnes: 0,
                             unknownHours: 0, concentrationCaptureRate: 1, flowCaptureRate: 1, rulesVersion: F.rules.version)]
    }

    static func judged(annual: Double, asOf: Date) -> [TotalQuantityJudgment] {
        let findings = TotalQuantityCheck.assess(enterpriseId: "E1", factor: "a21026",
                                                 total: Permit.Total(factor: "a21026", annualTonnes: annual, monthlyTonnes: nil),
                                                 amounts: steady(until: asOf), asOf: asOf, rules: F.rules)
        return TotalQuantityPublication.payloads(findings, subject: subject, rules: F.rules)
    }

    @Test("a projection of 175.2 t against 100 t permitted is a warning: shares 0.9168 actual and 1.752 projected, one id per enterprise × factor × year")
    func warningPayload() throws {
        let warning = try #require(Self.judged(annual: 100, asOf: F.cst("2026-07-11")).first)
        #expect(warning.id == "tot:E1:a21026:2026")
        #expect(warning.kind == .warning)
        #expect(warning.kindName == "预计超总量")
        #expect(warning.period == "2026")
        #expect(warning.periodStart == F.cst("2026-01-01") && warning.periodEnd == F.cst("2027-01-01"))
        #expect(F.near(warning.cumulativeTonnes, 91.68, 1e-9) && F.near(warning.projectedTonnes, 175.2, 1e-9))
        #expect(F.near(warning.actualShare, 0.9168, 1e-9) && F.near(warning.projectedShare, 1.752, 1e-9))
        #expect(warning.inputs == .init(permitId: "permit-1", permitNumber: "91510100MA6C0001X001P", outletIds: ["DA001", "DA002"],
                                        projectionBasisDays: 30))
    }

    @Test("versions: opened as a warning; a few hours later (share unchanged in whole percent) nothing; the warning become a breach is the same id, updated; a breach never clears")
    func versions() throws {
        let first = TotalQuantityPublication.reconcile(previous: [], current: Self.judged(annual: 100, asOf: F.cst("2026-07-11")),
                                                       asOf: F.cst("2026-07-11"))
        #expect(first.map { "\($0.status.rawValue)@\($0.version)/\($0.kind.rawValue)" } == ["opened@1/warning"])
        let hoursLater = F.cst("2026-07-11").addingTimeInterval(3 * 3600)
        #expect(TotalQuantityPublication.reconcile(previous: first, current: Self.judged(annual: 100, asOf: hoursLater), asOf: hoursLater).isEmpty)

        let crossed = F.cst("2026-08-25")  // 236 days × 0.48 t = 113.28 t > 100 t
        let breach = TotalQuantityPublication.reconcile(previous: first, current: Self.judged(annual: 100, asOf: crossed), asOf: crossed)
        #expect(breach.map { "\($0.status.rawValue)@\($0.version)/\($0.kind.rawValue)" } == ["updated@2/breach"])
        #expect(breach.first?.id == first.first?.id)
        #expect(TotalQuantityPublication.reconcile(previous: breach, current: [], asOf: crossed).isEmpty, "a breach stands")
    }

    @Test("a warning whose projection falls back under the permitted amount clears while its period runs; one of a past period does not")
    func warningClears() throws {
        let asOf = F.cst("2026-07-11")
        let first = TotalQuantityPublication.reconcile(previous: [], current: Self.judged(annual: 100, asOf: asOf), asOf: asOf)
        let cleared = TotalQuantityPublication.reconcile(previous: first, current: [], asOf: asOf.addingTimeInterval(86_400))
        #expect(cleared.map { "\($0.status.rawValue)@\($0.version)" } == ["cleared@2"])
        #expect(TotalQuantityPublication.reconcile(previous: first, current: [], asOf: F.cst("2027-01-02")).isEmpty)
        let again = TotalQuantityPublication.reconcile(previous: cleared, current: Self.judged(annual: 100, asOf: asOf), asOf: asOf)
        #expect(again.map { "\($0.status.rawValue)@\($0.version)" } == ["opened@3"])
    }

    @Test("canonical JSON is byte-identical for the same amounts and decodes back")
    func canonicalJSON() throws {
        let warning = try #require(Self.judged(annual: 100, asOf: F.cst("2026-07-11")).first)
        let text = try TotalQuantityPublication.canonical(warning)
        #expect(text == (try TotalQuantityPublication.canonical(try #require(Self.judged(annual: 100, asOf: F.cst("2026-07-11")).first))))
        #expect(text.contains("\"periodStart\":\"2025-12-31T16:00:00Z\""))
        #expect(try TotalQuantityPublication.decode(text) == warning)
    }

    @Test("the trigger: a warning (projected share 1.75) opens a pre-warning; the breach (actual share 1.13) reaches handling after")
    func trigger() throws {
        func published(_ asOf: Date) throws -> TotalQuantityJudgment {
            try #require(TotalQuantityPublication.reconcile(previous: [], current: Self.judged(annual: 100, asOf: asOf), asOf: asOf).first)
        }
        let warning = Finding(total: try published(F.cst("2026-07-11")))
        #expect(warning.type == .totalQuantity && warning.detail == "warning" && warning.outletId == Finding.wholeEnterprise)
        #expect(warning.problem == nil)
        #expect(warning.summaryZh.contains("预计超总量") && warning.summaryZh.contains("175%"))
        let rule = try #require(Supervision.sichuan.trigger(for: warning))
        #expect(rule.id == "total-quantity")
        let now = F.cst("2026-07-11")
        #expect(rule.targetStage(.init(findings: [warning], markingDeadline: nil, current: nil, now: now))?.stage == .preWarning)
        let breach = Finding(total: try published(F.cst("2026-08-25")))
        #expect(rule.targetStage(.init(findings: [breach], markingDeadline: nil, current: nil, now: now))?.stage == .handlingAfter)
    }
}
