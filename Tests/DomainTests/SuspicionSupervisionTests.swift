import Domain
import Foundation
import Testing

/// Falsification suspicions as the supervision rules see them (`Finding(suspicion:)`): a
/// suspected-falsification finding that the Sichuan ruleset's trigger sends straight to handling
/// after (data/supervision/rules.json `suspected-falsification`: handling_after immediately).
struct SuspicionSupervisionTests {
    typealias S = Supervision

    static func judgment(status: FalsificationSuspicionJudgment.Status = .opened, ongoing: Bool = true) -> FalsificationSuspicionJudgment {
        let start = S.monday - 3 * 3600
        return FalsificationSuspicionJudgment(
            id: "sus:oxygen-near-21:DA001:a19001:1@MN001", version: 2, status: status, kind: "oxygen-near-21",
            kindName: "运行期间氧含量接近21%（疑似稀释）", enterpriseId: "e1", enterpriseName: "四川某某发电有限公司", outletId: "DA001",
            outletName: "1号炉排口", mn: "MN001", factor: "a19001", periodStart: start, periodEnd: start + 3 * 3600, ongoing: ongoing,
            evidence: .init(hours: 3, hourly: [.init(start: start, value: 20.8, reference: 500_000), .init(start: start + 3600, value: 20.9, reference: 510_000),
                                               .init(start: start + 7200, value: 20.7, reference: 490_000)],
                            referenceFactor: "a00000", variation: nil, loadMinimum: nil, loadMaximum: nil, loadSwing: nil, hoursInBand: nil,
                            shareInBand: nil, band: nil),
            rulesVersion: "2026.1", inputs: .init(cn: "2051", valuesInPeriod: 180, lastFrameId: "f"), countyCode: "510104", cityCode: "510100")
    }

    @Test("the finding: suspected falsification, detail the kind, the point and factor, the highest O2 as value, a Chinese line saying it is a suspicion")
    func fields() {
        let finding = Finding(suspicion: Self.judgment())
        #expect(finding.type == .suspectedFalsification)
        #expect(finding.detail == "oxygen-near-21")
        #expect(finding.id == "sus:oxygen-near-21:DA001:a19001:1@MN001")
        #expect(finding.version == 2)
        #expect(finding.monitoringPoint == "MN001")
        #expect(finding.factor == "a19001")
        #expect(finding.value == 20.9)
        #expect(finding.durationHours == 3)
        #expect(finding.ongoing)
        #expect(finding.summaryZh.contains("最高20.9"))
        #expect(finding.summaryZh.contains("疑点"))
        #expect(finding.problem == nil)
        #expect(!Finding(suspicion: Self.judgment(status: .closed, ongoing: false)).ongoing)
    }

    @Test("the trigger: a suspicion goes straight to handling after, and the order opens there")
    func trigger() throws {
        let finding = Finding(suspicion: Self.judgment())
        let rule = try #require(S.sichuan.trigger(for: finding))
        #expect(rule.id == "suspected-falsification")
        let facts = TriggerCondition.Facts(findings: [finding], markingDeadline: nil, current: nil, now: S.monday)
        #expect(rule.targetStage(facts)?.stage == .handlingAfter)
        let opened = try S.open(finding, markingDeadline: nil)
        #expect(opened.order.type == .suspectedFalsification)
        #expect(opened.order.stage == .handlingAfter)
    }
}
