import Foundation
import Testing
@testable import Domain

/// A catalogue shaped like data/catalogue/marks.json (the pilot's thermal power, cement and
/// equipment types with their overlap rules and a Sichuan-like policy), and the real
/// mark-checks.json for the submission limits.
enum MarkFixtures {
    static let repository = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let checks = try! MarkCheckCatalogue.parse(Data(contentsOf: repository.appending(path: "data/catalogue/mark-checks.json")))
    static let always = EffectivePeriod(from: CivilDate(iso: "2021-01-01")!)!

    static func type(_ id: String, _ name: String, _ family: MarkFamily, _ industries: Set<Industry> = [], evidence: [String] = [],
                     prefix: Bool = false, effect: ValidityEffect = .invalid) -> MarkType {
        MarkType(id: id, nameZh: name, nameEn: id, family: family, industries: industries, effect: effect, suggestedByFlags: [],
                 suggestedByStatus: [], evidence: evidence.map { .init(code: $0, nameZh: "证明\($0)", required: true) },
                 reasonPrefixRequired: prefix, effective: always, sourceNote: "test", provisional: true)
    }

    static func rule(_ id: String, _ outer: String, _ inner: String, _ relation: OverlapRelation, provisional: Bool = false) -> OverlapRule {
        OverlapRule(id: id, outer: outer, inner: inner, relation: relation, messageZh: "规则\(id)不允许", effective: always, sourceNote: "test",
                    provisional: provisional)
    }

    static let policy = MarkingPolicy(
        id: "sichuan-test", province: "510000", ruleVersion: "SC-TEST", effective: always, deadlineDays: 1, deadlineMinuteOfDay: 12 * 60,
        backMarkingDays: 10, lockDays: 10, missingDataReportMinutes: 60,
        caps: [.init(markType: "thermal-power.fault", yearlyHours: 60, perOccurrenceHours: nil, provisional: true),
               .init(markType: "thermal-power.startup", yearlyHours: nil, perOccurrenceHours: 4, provisional: true)],
        sourceNote: "test", provisional: true)

    static let catalogue = try! MarkCatalogue(
        types: [
            type("thermal-power.stopped", "停运", .workingCondition, [.thermalPower], evidence: ["dcs-load-curve"], effect: .outOfService),
            type("thermal-power.startup", "并网/供能", .workingCondition, [.thermalPower], evidence: ["dcs-load-curve"]),
            type("thermal-power.fault", "故障/事故", .workingCondition, [.thermalPower], evidence: ["incident-report"], prefix: true),
            type("cement.kiln-stopped", "停窑", .workingCondition, [.cement], evidence: ["central-control-record"], effect: .outOfService),
            type("equipment.maintenance", "维护", .equipment, evidence: ["om-work-order"]),
            type("equipment.fault", "故障", .equipment, prefix: true),
        ],
        overlapRules: [
            rule("tp-fault-vs-stopped", "thermal-power.stopped", "thermal-power.fault", .exclusive),
            rule("equipment-vs-working-condition", "family:equipment", "family:working-condition", .mayOverlap, provisional: true),
        ],
        policies: [policy])

    static let validator = MarkValidator(catalogue: catalogue, settings: checks.settings)

    /// 2026-03-10 00:00 China time.
    static let day = CivilDate(iso: "2026-03-10")!.startInChina
    static func at(_ hours: Double) -> Date { day.addingTimeInterval(hours * 3600) }
    /// Within the marking deadline of day-0 data (12:00 the next day).
    static let inTime = at(30)

    static func attachment(_ kind: String, sha: String = String(repeating: "ab", count: 32)) -> MarkAttachment {
        MarkAttachment(fileName: "\(kind).pdf", sha256: sha, size: 2048, kind: kind)
    }

    static func draft(_ typeId: String, _ from: Double, _ to: Double, mn: String? = nil, factors: [String] = [],
                      reason: String = "【计划外】锅炉给水泵跳闸", kind: MarkRecord.ReasonKind = .unplanned,
                      attachments: [MarkAttachment]? = nil) -> MarkDraft {
        let needed = catalogue.type(id: typeId)?.evidence.map(\.code) ?? []
        return MarkDraft(outletId: "O-1", mn: mn, factors: factors, typeId: typeId, start: at(from), end: at(to), reasonKind: kind,
                         reason: reason, attachments: attachments ?? needed.map { attachment($0) })
    }

    static func create(_ draft: MarkDraft, role: MarkSubmitterRole = .enterpriseUser, approval: String? = nil) -> MarkSubmission {
        MarkSubmission(action: .create, markId: nil, draft: draft, submittedBy: "王工", role: role, approvalReference: approval)
    }

    static func record(_ id: String, _ typeId: String, _ start: Date, _ end: Date, mn: String? = nil, factors: [String] = [],
                       status: MarkRecord.Status = .active, version: Int = 1, role: String = "enterprise-user") -> MarkRecord {
        MarkRecord(id: id, version: version, status: status, typeId: typeId, family: catalogue.type(id: typeId)?.family ?? .equipment,
                   effect: .invalid, enterpriseId: "E-1", outletId: "O-1", mn: mn, factors: factors, start: start, end: end,
                   reasonKind: .unplanned, reason: "【计划外】x", submittedBy: "王工", role: role, acceptedAt: start, catalogueVersion: "test")
    }

    static func context(industry: Industry = .thermalPower, unit: UnitType? = .boiler, factors: Set<String>? = nil,
                        previous: MarkRecord? = nil, others: [MarkRecord] = [], now: Date = inTime) -> MarkValidationContext {
        MarkValidationContext(enterpriseId: "E-1", outletId: "O-1", industry: industry, unitType: unit, province: "510000",
                              pointFactors: factors, previous: previous, others: others, now: now)
    }

    static func refusal(_ submission: MarkSubmission, _ context: MarkValidationContext = context()) -> MarkRefusalList? {
        if case .failure(let refusal) = validator.validate(submission, context: context) { return refusal }
        return nil
    }
}

extension MarkingPolicy {
    /// The same policy without caps, for a catalogue that lacks the capped types.
    var withoutCaps: MarkingPolicy {
        var copy = self
        copy.caps = []
        return copy
    }
}

@Suite(.timeLimit(.minutes(1)))
struct MarkValidationTests {
    typealias F = MarkFixtures

    @Test func aCompleteStartUpMarkInTimeIsAccepted() throws {
        let outcome = try F.validator.validate(F.create(F.draft("thermal-power.startup", 2, 5)), context: F.context()).get()
        #expect(outcome == .init(late: false, correction: false, policyId: "sichuan-test"))
    }

    @Test func anUnknownTypeIsRefused() {
        let refusal = F.refusal(F.create(F.draft("thermal-power.nap", 2, 5)))
        #expect(refusal?.codes == [.typeUnknown])
        #expect(refusal?.problems.first?.messageZh == "标记目录中没有标记类型「thermal-power.nap」")
    }

    @Test func aCementMarkOnAThermalPlantIsRefused() {
        let refusal = F.refusal(F.create(F.draft("cement.kiln-stopped", 2, 5)))
        #expect(refusal?.codes == [.typeNotForIndustry])
        #expect(refusal?.problems.first?.messageZh == "「停窑」是水泥行业的工况标记，不适用于火电企业")
    }

    @Test func aKilnMarkOnAClinkerCoolerIsRefusedFromTheChecksData() {
        #expect(F.refusal(F.create(F.draft("cement.kiln-stopped", 2, 5)), F.context(industry: .cement, unit: .cementKiln)) == nil)
        let refusal = F.refusal(F.create(F.draft("cement.kiln-stopped", 2, 5)), F.context(industry: .cement, unit: .cementDryer))
        #expect(refusal?.codes == [.typeNotForUnit])
        #expect(refusal?.problems.first?.messageZh == "「停窑」只适用于水泥窑及窑尾余热利用系统，不适用于烘干机、烘干磨、煤磨及冷却机")
    }

    @Test func anInvertedSpanIsRefused() {
        let refusal = F.refusal(F.create(F.draft("thermal-power.stopped", 5, 5)))
        #expect(refusal?.codes == [.rangeInverted])
        #expect(refusal?.problems.first?.messageZh == "标记开始时间 2026-03-10 05:00 须早于结束时间 2026-03-10 05:00")
    }

    @Test func aSpanReachingPastNowIsRefusedBeyondTheTolerance() {
        let now = F.at(10)
        let tolerance = Double(F.checks.settings.futureToleranceMinutes) / 60
        #expect(F.refusal(F.create(F.draft("thermal-power.stopped", 2, 10 + tolerance)), F.context(now: now)) == nil)
        let refusal = F.refusal(F.create(F.draft("thermal-power.stopped", 2, 10 + tolerance + 0.1)), F.context(now: now))
        #expect(refusal?.codes == [.rangeInFuture])
    }

    @Test func aSpanLongerThanTheChecksMaximumIsRefused() {
        let hours = F.checks.settings.maximumSpanHours
        let refusal = F.refusal(F.create(F.draft("thermal-power.stopped", -hours - 1, 0)), F.context(now: F.at(-hours + 20)))
        #expect(refusal?.codes.contains(.rangeTooLong) == true)
        #expect(refusal?.problems.first { $0.code == .rangeTooLong }?.messageZh == "单条标记时长 745 小时，超过上限 744 小时，请分段标记")
    }

    @Test func aStartUpLongerThanThePolicyAllowsIsRefused() {
        let refusal = F.refusal(F.create(F.draft("thermal-power.startup", 2, 6.5)))
        #expect(refusal?.codes == [.occurrenceCapExceeded])
        #expect(refusal?.problems.first?.ruleId == "sichuan-test")
        #expect(refusal?.problems.first?.messageZh == "「并网/供能」单次时长 4.5 小时，超过SC-TEST规定的 4 小时")
    }

    @Test func reasonsNeedThePlannedOrUnplannedPrefixAndMatchingKind() {
        #expect(F.refusal(F.create(F.draft("thermal-power.fault", 2, 3, reason: "给水泵跳闸")))?.codes == [.reasonPrefix])
        #expect(F.refusal(F.create(F.draft("thermal-power.fault", 2, 3, reason: "  ")))?.codes == [.reasonMissing])
        let mismatch = F.refusal(F.create(F.draft("thermal-power.fault", 2, 3, reason: "【计划内】检修", kind: .unplanned)))
        #expect(mismatch?.codes == [.reasonKindMismatch])
        #expect(mismatch?.problems.first?.messageZh == "原因以【计划内】开头，与所选类别【计划外】不一致")
    }

    @Test func requiredEvidenceMustBeAttachedAndIdentifiable() {
        let missing = F.refusal(F.create(F.draft("thermal-power.fault", 2, 3, attachments: [F.attachment("photo")])))
        #expect(missing?.codes == [.evidenceMissing])
        #expect(missing?.problems.first?.messageZh == "「故障/事故」须附「证明incident-report」（incident-report）")
        let badHash = F.refusal(F.create(F.draft("thermal-power.fault", 2, 3, attachments: [F.attachment("incident-report", sha: "ABC")])))
        #expect(badHash?.codes == [.attachmentInvalid])
    }

    @Test func aFaultInsideAStoppedPeriodIsAWrongMark() {
        let stopped = F.record("MK-1", "thermal-power.stopped", F.at(0), F.at(8))
        let refusal = F.refusal(F.create(F.draft("thermal-power.fault", 2, 3)), F.context(others: [stopped]))
        #expect(refusal?.codes == [.overlapConflict])
        #expect(refusal?.problems.first?.ruleId == "tp-fault-vs-stopped")
        #expect(refusal?.problems.first?.messageZh == "与标记「MK-1」冲突：规则tp-fault-vs-stopped不允许")
        // A withdrawn stop no longer covers anything.
        var withdrawn = stopped
        withdrawn.status = .withdrawn
        #expect(F.refusal(F.create(F.draft("thermal-power.fault", 2, 3)), F.context(others: [withdrawn])) == nil)
    }

    @Test func equipmentMarksMeetOnlyOnTheSamePointAndFactors() {
        let fault = F.record("MK-2", "equipment.fault", F.at(0), F.at(8), mn: "MN-A", factors: ["a21002"])
        let maintenance = { (mn: String, factors: [String]) in
            F.create(F.draft("equipment.maintenance", 2, 3, mn: mn, factors: factors, reason: "【计划内】更换滤芯", kind: .planned))
        }
        #expect(F.refusal(maintenance("MN-B", ["a21002"]), F.context(others: [fault])) == nil)
        #expect(F.refusal(maintenance("MN-A", ["a21026"]), F.context(others: [fault])) == nil)
        let clash = F.refusal(maintenance("MN-A", []), F.context(others: [fault]))
        #expect(clash?.codes == [.overlapConflict])
        #expect(clash?.problems.first?.ruleId == nil)
    }

    @Test func anEquipmentMarkMustNameItsPoint() {
        let refusal = F.refusal(F.create(F.draft("equipment.maintenance", 2, 3, reason: "【计划内】巡检", kind: .planned)))
        #expect(refusal?.codes == [.pointRequired])
    }

    @Test func aFactorThePointDoesNotMeasureIsRefused() {
        let draft = F.draft("equipment.maintenance", 2, 3, mn: "MN-A", factors: ["w01018"], reason: "【计划内】巡检", kind: .planned)
        let refusal = F.refusal(F.create(draft), F.context(factors: ["a21002", "a21026"]))
        #expect(refusal?.codes == [.factorNotMeasured])
    }

    @Test func theYearlyFaultAllowanceIsSplitAtNewYear() throws {
        // 2025-12-31 20:00 → 2026-01-01 10:00 China time: 4 h in 2025, 10 h in 2026.
        let newYear = CivilDate(iso: "2026-01-01")!.startInChina
        let draft = MarkDraft(outletId: "O-1", mn: nil, factors: [], typeId: "thermal-power.fault", start: newYear.addingTimeInterval(-4 * 3600),
                              end: newYear.addingTimeInterval(10 * 3600), reasonKind: .unplanned, reason: "【计划外】引风机故障",
                              attachments: [F.attachment("incident-report")])
        let now = newYear.addingTimeInterval(20 * 3600)
        let earlier = { (hours: Double) in
            F.record("MK-9", "thermal-power.fault", newYear.addingTimeInterval(-30 * 86400), newYear.addingTimeInterval(-30 * 86400 + hours * 3600))
        }
        #expect(F.refusal(F.create(draft), F.context(others: [earlier(56)], now: now)) == nil)
        let refusal = F.refusal(F.create(draft), F.context(others: [earlier(57)], now: now))
        #expect(refusal?.codes == [.yearlyCapExceeded])
        #expect(refusal?.problems.first?.messageZh == "「故障/事故」2025年已用 57 小时，本次 4 小时，超过年度累计上限 60 小时")
        // The same mark amended is not counted twice.
        let amend = MarkSubmission(action: .amend, markId: "MK-9", draft: draft, submittedBy: "王工", role: .enterpriseUser, note: "【计划外】时段更正")
        let previous = earlier(57)
        #expect(F.refusal(amend, F.context(previous: previous, others: [previous], now: now))?.codes.contains(.yearlyCapExceeded) == false)
    }

    @Test func markingAfterTheDeadlineIsLateAndAfterTheLockOnlyABureauCorrection() throws {
        let draft = F.draft("thermal-power.stopped", 2, 5)
        // Deadline 2026-03-11 12:00; back-marking to the end of 03-20; lock from 03-21 00:00.
        let late = try F.validator.validate(F.create(draft), context: F.context(now: F.at(24 + 13))).get()
        #expect(late.late && !late.correction)
        let locked = F.context(now: F.at(11 * 24 + 1))
        let refusal = F.refusal(F.create(draft), locked)
        #expect(refusal?.codes == [.locked])
        #expect(refusal?.problems.first?.messageZh == "2026-03-10 02:00 起的数据已于 2026-03-21 00:00 锁定，只能由生态环境部门批准更正")
        #expect(F.refusal(F.create(draft, role: .bureau), locked)?.codes == [.approvalMissing])
        let correction = try F.validator.validate(F.create(draft, role: .bureau, approval: "川环执法〔2026〕12号"), context: locked).get()
        #expect(correction.correction)
    }

    @Test func amendingMovesNeitherSubjectNorAnEarlierLockedSpan() {
        let previous = F.record("MK-3", "thermal-power.stopped", F.at(2), F.at(5))
        var draft = F.draft("thermal-power.stopped", 3, 6)
        draft.outletId = "O-2"
        let amend = MarkSubmission(action: .amend, markId: "MK-3", draft: draft, submittedBy: "王工", role: .enterpriseUser, note: "延长")
        #expect(F.refusal(amend, F.context(previous: previous, others: [previous]))?.codes == [.subjectChanged])
        // Overlapping its own previous version is no conflict.
        draft.outletId = "O-1"
        let fine = MarkSubmission(action: .amend, markId: "MK-3", draft: draft, submittedBy: "王工", role: .enterpriseUser, note: "延长")
        #expect(F.refusal(fine, F.context(previous: previous, others: [])) == nil)
        // Moving the start later does not escape the lock of the data it used to cover.
        let lockedNow = F.at(11 * 24 + 1)
        #expect(F.refusal(fine, F.context(previous: previous, others: [], now: lockedNow))?.codes == [.locked])
    }

    @Test func amendAndWithdrawNeedAnExistingActiveMarkAndAWhy() {
        let withdraw = { (id: String, note: String?) in
            MarkSubmission(action: .withdraw, markId: id, draft: nil, submittedBy: "王工", role: .enterpriseUser, note: note)
        }
        #expect(F.refusal(withdraw("MK-4", "误标"))?.codes == [.markNotFound])
        let gone = F.record("MK-4", "thermal-power.stopped", F.at(2), F.at(5), status: .withdrawn, version: 2)
        #expect(F.refusal(withdraw("MK-4", "误标"), F.context(previous: gone))?.codes == [.markWithdrawn])
        let active = F.record("MK-4", "thermal-power.stopped", F.at(2), F.at(5))
        #expect(F.refusal(withdraw("MK-4", nil), F.context(previous: active))?.codes == [.noteMissing])
        #expect(F.refusal(withdraw("MK-4", "误标"), F.context(previous: active)) == nil)
        #expect(F.refusal(MarkSubmission(action: .amend, markId: nil, draft: nil, submittedBy: "x", role: .enterpriseUser))?.codes == [.incomplete])
    }

    @Test func onlyTheBureauChangesABureauCorrection() {
        let corrected = F.record("MK-5", "thermal-power.stopped", F.at(2), F.at(5), version: 3, role: "bureau")
        let withdraw = MarkSubmission(action: .withdraw, markId: "MK-5", draft: nil, submittedBy: "王工", role: .omOperator, note: "撤销")
        #expect(F.refusal(withdraw, F.context(previous: corrected))?.codes == [.roleNotAllowed])
    }

    @Test func aTypeNotYetInForceIsRefused() throws {
        let later = EffectivePeriod(from: CivilDate(iso: "2026-04-01")!)!
        var type = try #require(F.catalogue.type(id: "thermal-power.stopped"))
        type.effective = later
        let catalogue = try MarkCatalogue(types: [type], overlapRules: [], policies: [F.policy.withoutCaps])
        let validator = MarkValidator(catalogue: catalogue, settings: F.checks.settings)
        guard case .failure(let refusal) = validator.validate(F.create(F.draft("thermal-power.stopped", 2, 5)), context: F.context()) else {
            Issue.record("a type not in force was accepted")
            return
        }
        #expect(refusal.codes == [.typeNotInForce])
        #expect(refusal.problems.first?.messageZh == "标记类型「停运」在 2026-03-10 不适用（适用期 2026-04-01–）")
    }

    @Test func anAttachmentOverTheChecksLimitIsRefused() {
        let limit = F.checks.settings.maximumAttachmentBytes
        var big = F.attachment("dcs-load-curve")
        big.size = limit + 1
        #expect(F.refusal(F.create(F.draft("thermal-power.stopped", 2, 5, attachments: [big])))?.codes == [.attachmentInvalid])
        big.size = limit
        #expect(F.refusal(F.create(F.draft("thermal-power.stopped", 2, 5, attachments: [big]))) == nil)
    }

    @Test func anOperatorMayMarkForTheEnterpriseAndABureauBeforeTheLockNeedsNoApproval() throws {
        #expect(try F.validator.validate(F.create(F.draft("thermal-power.stopped", 2, 5), role: .omOperator), context: F.context()).get().correction == false)
        #expect(try F.validator.validate(F.create(F.draft("thermal-power.stopped", 2, 5), role: .bureau), context: F.context()).get().correction == false)
    }

    @Test func rejectingAProposalNeedsItsIdAndAReason() {
        let reject = { (proposal: String?, note: String?) in
            MarkSubmission(action: .rejectProposal, markId: nil, draft: nil, submittedBy: "李秀英", role: .enterpriseUser, note: note, proposalId: proposal)
        }
        #expect(F.refusal(reject(nil, "不是停运"))?.codes == [.incomplete])
        #expect(F.refusal(reject("MP-1", " "))?.codes == [.noteMissing])
        #expect(F.refusal(reject("MP-1", "蒸汽流量低是因为低负荷运行，并未停运")) == nil)
    }

    @Test func aProvinceWithoutPolicyCannotMark() {
        var context = F.context()
        context.province = "110000"
        #expect(F.refusal(F.create(F.draft("thermal-power.stopped", 2, 5)), context)?.codes == [.policyMissing])
    }
}
