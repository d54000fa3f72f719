import Foundation
import Testing
@testable import Domain

@Suite(.timeLimit(.minutes(1)))
struct MarkCatalogueTests {
    static let always = EffectivePeriod(from: CivilDate(iso: "2021-01-01")!)!

    static func type(_ id: String, _ family: MarkFamily, effect: ValidityEffect = .invalid, prefix: Bool = false) -> MarkType {
        MarkType(id: id, nameZh: id, nameEn: id, family: family, industries: family == .equipment ? [] : [.thermalPower],
                 effect: effect, suggestedByFlags: [], suggestedByStatus: [], evidence: [], reasonPrefixRequired: prefix,
                 effective: always, sourceNote: "test", provisional: false)
    }

    static func rule(_ id: String, _ outer: String, _ inner: String, _ relation: OverlapRelation) -> OverlapRule {
        OverlapRule(id: id, outer: outer, inner: inner, relation: relation, messageZh: "违反规则 \(id)", effective: always,
                    sourceNote: "test", provisional: true)
    }

    static let policy = MarkingPolicy(
        id: "national", province: "national", ruleVersion: "2023", effective: always, deadlineDays: 1,
        deadlineMinuteOfDay: 12 * 60, backMarkingDays: 10, lockDays: 30, missingDataReportMinutes: 60,
        caps: [.init(markType: "fault", yearlyHours: 120, perOccurrenceHours: nil, provisional: true)], sourceNote: "test",
        provisional: true)

    static let catalogue = try! MarkCatalogue(
        types: [type("stopped", .workingCondition, effect: .outOfService), type("startup", .workingCondition, effect: .exemptWithinAllowance),
                type("fault", .workingCondition, effect: .exemptWithinAllowance, prefix: true), type("maintenance", .equipment),
                type("calibration", .equipment)],
        overlapRules: [rule("fault-in-startup", "startup", "fault", .exclusive), rule("fault-in-stopped", "stopped", "fault", .exclusive),
                       rule("cal-in-maint", "maintenance", "calibration", .mayNest),
                       rule("maint-startup", "startup", "maintenance", .mayOverlap)],
        policies: [policy])

    static let t0 = CivilDate(iso: "2026-03-10")!.startInChina
    static func mark(_ id: String, _ type: String, _ fromHour: Double, _ toHour: Double) -> MarkPeriod {
        MarkPeriod(id: id, typeId: type, start: t0.addingTimeInterval(fromHour * 3600), end: t0.addingTimeInterval(toHour * 3600))
    }

    @Test func aFaultInsideAStartUpIsAWrongMark() {
        let conflicts = Self.catalogue.conflicts(of: Self.mark("f", "fault", 2, 3), with: [Self.mark("s", "startup", 0, 4)])
        #expect(conflicts.count == 1)
        #expect(conflicts.first?.ruleId == "fault-in-startup")
        #expect(conflicts.first?.existingMarkId == "s")
        #expect(conflicts.first?.messageZh == "违反规则 fault-in-startup")
        #expect(conflicts.first?.provisional == true)
    }

    @Test func adjacentPeriodsDoNotOverlap() {
        #expect(Self.catalogue.conflicts(of: Self.mark("f", "fault", 4, 6), with: [Self.mark("s", "startup", 0, 4)]).isEmpty)
    }

    @Test func nestingIsAllowedOnlyWhollyInsideAndOnlyOneWay() {
        let maintenance = Self.mark("m", "maintenance", 0, 4)
        #expect(Self.catalogue.conflicts(of: Self.mark("c", "calibration", 1, 2), with: [maintenance]).isEmpty)
        let partial = Self.catalogue.conflicts(of: Self.mark("c", "calibration", 3, 5), with: [maintenance])
        #expect(partial.map { $0.ruleId } == ["cal-in-maint"])
        #expect(partial.first?.relation == .mayNest)
        // The outer type inside the inner one is not what the rule allows.
        let inverted = Self.catalogue.conflicts(of: Self.mark("m2", "maintenance", 1, 2), with: [Self.mark("c", "calibration", 0, 4)])
        #expect(inverted.count == 1)
    }

    @Test func overlapAllowedByARuleIsAccepted() {
        #expect(Self.catalogue.conflicts(of: Self.mark("m", "maintenance", 1, 9), with: [Self.mark("s", "startup", 0, 4)]).isEmpty)
    }

    @Test func aPairNoRuleNamesFallsBackToExclusive() {
        let conflicts = Self.catalogue.conflicts(of: Self.mark("c", "calibration", 1, 2), with: [Self.mark("s", "startup", 0, 4)])
        #expect(conflicts.count == 1)
        #expect(conflicts.first?.ruleId == nil)
        #expect(conflicts.first?.relation == .exclusive)
        // A mark never conflicts with itself (an edit re-checks the same id).
        #expect(Self.catalogue.conflicts(of: Self.mark("s", "startup", 0, 5), with: [Self.mark("s", "startup", 0, 4)]).isEmpty)
    }

    @Test func everyConflictingMarkIsReported() {
        let conflicts = Self.catalogue.conflicts(
            of: Self.mark("f", "fault", 0, 10), with: [Self.mark("s", "startup", 1, 2), Self.mark("x", "stopped", 5, 6)])
        #expect(Set(conflicts.compactMap { $0.ruleId }) == ["fault-in-startup", "fault-in-stopped"])
    }

    @Test func reasonsMustSayPlannedOrUnplannedWhereRequired() {
        let fault = Self.catalogue.type(id: "fault")!
        #expect(fault.reasonProblem("【计划外】引风机跳闸") == nil)
        #expect(fault.reasonProblem("引风机跳闸") != nil)
        #expect(fault.reasonProblem("  ") != nil)
        #expect(Self.catalogue.type(id: "startup")!.reasonProblem("冷态启动") == nil)
    }

    @Test func deadlineIsNoonOfTheNextChinaDay() {
        // 23:00 China time on 10 March → due 12:00 on 11 March.
        let lateEvening = Self.t0.addingTimeInterval(23 * 3600)
        #expect(Self.policy.deadline(forDataAt: lateEvening) == Self.t0.addingTimeInterval(36 * 3600))
        // 00:30 on 11 March belongs to the 11th → due 12:00 on the 12th.
        let afterMidnight = Self.t0.addingTimeInterval(24.5 * 3600)
        #expect(Self.policy.deadline(forDataAt: afterMidnight) == Self.t0.addingTimeInterval(60 * 3600))
    }

    @Test func windowMovesFromOpenToBackMarkingToLocked() {
        let data = Self.t0.addingTimeInterval(3600)
        #expect(Self.policy.window(forDataAt: data, now: Self.t0.addingTimeInterval(35 * 3600)) == .open)
        #expect(Self.policy.window(forDataAt: data, now: Self.t0.addingTimeInterval(36 * 3600)) == .backMarking)
        // Back-marking runs to the end of day D + 10 (20 March), then marks are locked for back-marking.
        #expect(Self.policy.window(forDataAt: data, now: Self.t0.addingTimeInterval((11 * 24 - 1) * 3600)) == .backMarking)
        #expect(Self.policy.window(forDataAt: data, now: Self.t0.addingTimeInterval(11 * 24 * 3600)) == .locked)
    }

    @Test func provinceFallsBackToTheNationalPolicy() throws {
        var sichuan = Self.policy
        sichuan.id = "sichuan"
        sichuan.province = "510000"
        sichuan.effective = EffectivePeriod(from: CivilDate(iso: "2026-01-01")!)!
        let catalogue = try MarkCatalogue(types: Self.catalogue.types, overlapRules: [], policies: [Self.policy, sichuan])
        #expect(catalogue.policy(province: "510000", on: CivilDate(iso: "2026-06-01")!)?.id == "sichuan")
        #expect(catalogue.policy(province: "510000", on: CivilDate(iso: "2025-06-01")!)?.id == "national")
        #expect(catalogue.policy(province: "320000", on: CivilDate(iso: "2026-06-01")!)?.id == "national")
        #expect(catalogue.policy(province: "510000", on: CivilDate(iso: "2020-06-01")!) == nil)
    }

    @Test func inconsistentMarkCatalogueIsRefused() {
        #expect {
            _ = try MarkCatalogue(types: [Self.type("a", .equipment), Self.type("a", .equipment)],
                                  overlapRules: [Self.rule("r", "a", "ghost", .exclusive), Self.rule("r2", "ghost", "a", .mayOverlap)],
                                  policies: [])
        } throws: { error in
            let problems = (error as? CatalogueError)?.problems ?? []
            return problems.contains { $0.record == "a" && $0.field == "id" }
                && problems.contains { $0.record == "r" && $0.field == "inner" && $0.message.contains("ghost") }
                && problems.contains { $0.record == "r2" && $0.message.contains("同一对") }
        }
    }

    @Test func validityEffectsThatKeepDataInExceedance() {
        #expect(!ValidityEffect.keptFlagged.excludesFromExceedance)
        #expect(!ValidityEffect.valid.excludesFromExceedance)
        #expect(ValidityEffect.invalid.excludesFromExceedance)
        #expect(ValidityEffect.notMeasured.excludesFromExceedance)
    }
}
