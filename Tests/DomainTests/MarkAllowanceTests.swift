import Foundation
import Testing
@testable import Domain

@Suite(.timeLimit(.minutes(1)))
struct MarkAllowanceTests {
    @Test func aSpanAcrossNewYearCountsInBothYears() {
        let newYear = CivilDate(iso: "2026-01-01")!.startInChina
        let hours = MarkAllowance.hoursByYear(from: newYear.addingTimeInterval(-1.5 * 3600), to: newYear.addingTimeInterval(2 * 3600))
        #expect(hours == [2025: 1.5, 2026: 2])
    }

    @Test func newYearIsChinaTimeNotUTC() {
        // 2025-12-31 17:00 UTC is 2026-01-01 01:00 in China: all of it counts in 2026.
        let start = CivilDate(iso: "2026-01-01")!.startInChina.addingTimeInterval(3600)
        #expect(MarkAllowance.hoursByYear(from: start, to: start.addingTimeInterval(3600)) == [2026: 1])
    }

    @Test func severalSpansAddUpPerYear() {
        let base = CivilDate(iso: "2025-06-01")!.startInChina
        let total = MarkAllowance.hoursByYear([(base, base.addingTimeInterval(3600)), (base.addingTimeInterval(7200), base.addingTimeInterval(3 * 3600))])
        #expect(total == [2025: 2])
    }
}

struct MarkAllowanceUseTests {
    typealias F = MarkFixtures

    @Test("hours used count only active marks of the type on the outlet, in the year asked; the summary states hours, cap and share")
    func hoursUsedAndSummary() {
        var withdrawn = F.record("MK-W", "thermal-power.fault", F.at(0), F.at(10), status: .withdrawn)
        withdrawn.outletId = "O-1"
        var otherOutlet = F.record("MK-O", "thermal-power.fault", F.at(0), F.at(10))
        otherOutlet.outletId = "O-2"
        let marks = [F.record("MK-1", "thermal-power.fault", F.at(0), F.at(30)), F.record("MK-2", "thermal-power.fault", F.at(40), F.at(60)),
                     F.record("MK-3", "thermal-power.startup", F.at(70), F.at(72)), withdrawn, otherOutlet]
        let year = CivilDate(chinaTimeOf: F.at(0)).year
        #expect(MarkAllowance.hoursUsed(of: "thermal-power.fault", outletId: "O-1", year: year, marks: marks) == 50)
        #expect(MarkAllowance.hoursUsed(of: "thermal-power.fault", outletId: "O-1", year: year + 1, marks: marks) == 0)
        let use = MarkAllowanceUse(id: MarkAllowanceUse.id(outletId: "O-1", typeId: "thermal-power.fault", year: year), version: 2,
                                   enterpriseId: "E-1", outletId: "O-1", typeId: "thermal-power.fault", typeNameZh: "故障/事故", year: year,
                                   hoursUsed: 50, yearlyCapHours: 60, policyId: "sichuan-2023", policyRuleVersion: "MEE-2022-21+SC",
                                   markId: "MK-2", markVersion: 1, computedAt: F.at(61))
        #expect(use.id == "allowance:O-1:thermal-power.fault:\(year)")
        #expect(abs(use.shareUsed - 50.0 / 60) < 1e-12)
        #expect(use.summaryZh == "「故障/事故」\(year)年已标记 50 小时，达年度上限 60 小时的 83%（MEE-2022-21+SC）")
    }
}
