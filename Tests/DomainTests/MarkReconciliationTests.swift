import Foundation
import Testing
@testable import Domain

/// The reconciliation rules of data/catalogue/mark-checks.json, for each industry: a series that
/// contradicts the mark and one that agrees with it.
@Suite(.timeLimit(.minutes(1)))
struct MarkReconciliationTests {
    typealias F = MarkFixtures
    static let reconciler = MarkReconciler(checks: F.checks)

    static func series(_ code: String, _ values: [Double], from hour: Double = 1, everyMinutes: Double = 10) -> [ParameterSample] {
        values.enumerated().map { ParameterSample(code: code, time: F.at(hour + Double($0.offset) * everyMinutes / 60), value: $0.element) }
    }

    static func verdicts(_ typeId: String, _ unit: UnitType, _ samples: [ParameterSample], others: [MarkRecord] = []) -> [MarkVerdict] {
        reconciler.reconcile(F.record("MK-7", typeId, F.at(0), F.at(6)), unitType: unit, samples: samples, otherMarks: others, decidedAt: F.at(7))
    }

    @Test func theChecksFileLoadsWithItsVersion() {
        #expect(F.checks.version == "2026-11-29.4")
        #expect(F.checks.rules.contains { $0.id == "cement-kiln-stopped-hot" && $0.threshold == 1000 && $0.parameterCode == "e20101" })
        #expect(F.checks.settings.unitTypes["cement.kiln-stopped"] == [.cementKiln])
    }

    @Test func aChecksFileWithAnUnknownUnitTypeIsRefused() throws {
        var text = try String(contentsOf: F.repository.appending(path: "data/catalogue/mark-checks.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"unitTypes\": [\"cement-kiln\"], \"markTypes\": [\"cement.kiln-stopped\"]",
                                         with: "\"unitTypes\": [\"rotary-oven\"], \"markTypes\": [\"cement.kiln-stopped\"]")
        #expect(throws: CatalogueError.self) { try MarkCheckCatalogue.parse(Data(text.utf8)) }
        do { _ = try MarkCheckCatalogue.parse(Data(text.utf8)) } catch {
            #expect(error.problems.contains { $0.message == "未知机组类型 rotary-oven" })
        }
    }

    @Test func aShareOfCapacityOutsideZeroToOnePointFiveIsRefused() throws {
        var text = try String(contentsOf: F.repository.appending(path: "data/catalogue/mark-checks.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"thresholdShareOfCapacity\": 0.9", with: "\"thresholdShareOfCapacity\": 0")
        do {
            _ = try MarkCheckCatalogue.parse(Data(text.utf8))
            Issue.record("a zero share of capacity was accepted")
        } catch {
            #expect(error.problems.contains { $0.record == "tp-startup-at-load" && $0.field == "thresholdShareOfCapacity" })
        }
    }

    @Test func cementKilnStoppedWhileTheSmokeChamberIsHotIsSuspect() throws {
        let hot = Self.series("e20101", [1080, 1105, 1110, 1098])
        let verdicts = Self.verdicts("cement.kiln-stopped", .cementKiln, hot)
        #expect(verdicts.map(\.kind) == [.suspectedFalse])
        let verdict = try #require(verdicts.first)
        #expect(verdict.ruleId == "cement-kiln-stopped-hot")
        #expect(verdict.id == "MK-7/v1/cement-kiln-stopped-hot/suspected-false")
        #expect(verdict.catalogueVersion == F.checks.version)
        #expect(verdict.inputs.first?.samples.map(\.value) == [1080, 1105, 1110, 1098])
        #expect(verdict.messageZh == "疑似虚假「停窑」标记：窑尾烟室仍处于运行温度：标记期间窑尾烟室温度连续 4 个数据> 1000℃（最高 1110℃）")
        // Recomputing with the same inputs gives the same verdict id.
        #expect(Self.verdicts("cement.kiln-stopped", .cementKiln, hot).map(\.id) == [verdict.id])
    }

    @Test func cementKilnStoppedWhileTheChamberCoolsIsConsistent() {
        let cooling = Self.series("e20101", [1040, 980, 860, 720, 540])
        #expect(Self.verdicts("cement.kiln-stopped", .cementKiln, cooling).map(\.kind) == [.consistent])
        // Hot samples outside the marked span do not count.
        let after = Self.series("e20101", [1100, 1100, 1100], from: 6.5)
        #expect(Self.verdicts("cement.kiln-stopped", .cementKiln, after).map(\.kind) == [.consistent])
    }

    @Test func thermalStoppedWhileGeneratingIsSuspectAndABoilerAtZeroIsConsistent() {
        let generating = Self.series("e10102", [310, 320, 318]) + Self.series("e10101", [1000, 1010, 990])
        #expect(Self.verdicts("thermal-power.stopped", .boiler, generating).map(\.ruleId).sorted() == ["tp-stopped-output", "tp-stopped-steam"])
        let idle = Self.series("e10102", [0, 0, 0]) + Self.series("e10101", [3, 2, 2])
        #expect(Self.verdicts("thermal-power.stopped", .boiler, idle).map(\.kind) == [.consistent])
        // A gas turbine is judged on its own power code, not the boiler's.
        #expect(Self.verdicts("thermal-power.stopped", .gasTurbine, generating).map(\.kind) == [.consistent])
        #expect(Self.verdicts("thermal-power.stopped", .gasTurbine, Self.series("e10201", [200, 210, 205])).map(\.ruleId) == ["gt-stopped-power"])
    }

    @Test func paperStoppedWhileWastewaterFlowsIsSuspect() {
        #expect(Self.verdicts("paper.stopped", .wastewaterPlant, Self.series("w00000", [300, 310, 290])).map(\.ruleId) == ["paper-stopped-outflow"])
        #expect(Self.verdicts("paper.stopped", .wastewaterPlant, Self.series("w00000", [1, 0.5, 0])).map(\.kind) == [.consistent])
    }

    @Test func fewerHotSamplesThanTheRuleNeedsAreNotEnough() {
        // Two hot samples, one cool, two hot: no run reaches the rule's minimum of 3.
        let broken = Self.series("e20101", [1100, 1100, 500, 1100, 1100])
        #expect(Self.verdicts("cement.kiln-stopped", .cementKiln, broken).map(\.kind) == [.consistent])
    }

    @Test("a start-up (并网/供能) mark while the unit runs near its rated output is suspect; a real start-up from zero is consistent; without a capacity the rule does not judge")
    func startUpAtRatedOutputIsSuspect() throws {
        let rated = ProductionUnit.Capacity(value: 600, unit: "MW")
        func verdicts(_ samples: [ParameterSample], capacity: ProductionUnit.Capacity?) -> [MarkVerdict] {
            Self.reconciler.reconcile(F.record("MK-8", "thermal-power.startup", F.at(0), F.at(6)), unitType: .boiler, unitCapacity: capacity,
                                      samples: samples, otherMarks: [], decidedAt: F.at(7))
        }
        let atLoad = Self.series("e10102", [575, 580, 590, 585])
        let suspect = verdicts(atLoad, capacity: rated)
        #expect(suspect.map(\.ruleId) == ["tp-startup-at-load"])
        // The threshold is 90 % of this unit's 600 MW, stated in the verdict and its message.
        #expect(suspect.first?.inputs.first?.threshold == 540)
        #expect(suspect.first?.messageZh.contains("连续 4 个数据> 540MW") == true)
        // 580 MW is not "near rated" for a 1000 MW unit.
        #expect(verdicts(atLoad, capacity: .init(value: 1000, unit: "MW")).map(\.kind) == [.consistent])
        let rising = Self.series("e10102", [0, 0, 35, 80, 130, 210, 300])
        #expect(verdicts(rising, capacity: rated).map(\.kind) == [.consistent])
        // No capacity, or one in another unit (t/h of steam): the share cannot be applied.
        #expect(verdicts(atLoad, capacity: nil).map(\.kind) == [.consistent])
        #expect(verdicts(atLoad, capacity: .init(value: 2000, unit: "t/h")).map(\.kind) == [.consistent])
    }

    @Test func aStartUpRightAfterAFaultIsAWrongMark() throws {
        let fault = F.record("MK-6", "thermal-power.fault", F.at(-3), F.at(-0.5))
        let verdicts = Self.verdicts("thermal-power.startup", .boiler, [], others: [fault])
        #expect(verdicts.map(\.kind) == [.wrong])
        #expect(verdicts.first?.ruleId == "tp-startup-after-fault")
        #expect(verdicts.first?.inputs.first?.source == "mark:MK-6")
        let longBefore = F.record("MK-6", "thermal-power.fault", F.at(-6), F.at(-3))
        #expect(Self.verdicts("thermal-power.startup", .boiler, [], others: [longBefore]).map(\.kind) == [.consistent])
    }

    @Test func aWithdrawnMarkGetsNoVerdict() {
        let withdrawn = F.record("MK-8", "cement.kiln-stopped", F.at(0), F.at(6), status: .withdrawn, version: 2)
        #expect(Self.reconciler.reconcile(withdrawn, unitType: .cementKiln, samples: Self.series("e20101", [1100, 1100, 1100]),
                                          otherMarks: [], decidedAt: F.at(7)).isEmpty)
    }

    static func missed(_ unit: UnitType, _ samples: [ParameterSample], marks: [MarkRecord] = [], now: Date = F.at(48)) -> [MarkVerdict] {
        reconciler.missedStops(enterpriseId: "E-1", outletId: "O-1", mn: nil, unitType: unit, samples: samples, marks: marks, now: now,
                               deadline: F.policy.deadline(forDataAt:))
    }

    @Test func aBoilerStopLeftUnmarkedAfterTheDeadlineIsMissed() throws {
        // Steam flow under 50 t/h from 01:00 to 03:00.
        let stop = Self.series("e10101", [900] + Array(repeating: 10, count: 13) + [900], from: 0.8333, everyMinutes: 10)
        let verdicts = Self.missed(.boiler, stop)
        #expect(verdicts.map(\.ruleId) == ["tp-missed-stop"])
        let verdict = try #require(verdicts.first)
        #expect(verdict.kind == .missed)
        #expect(verdict.end.timeIntervalSince(verdict.start) == 2 * 3600)
        // Before the deadline (12:00 the next day) it is not yet missed.
        #expect(Self.missed(.boiler, stop, now: F.at(24 + 11)).isEmpty)
        // Marked 停运: nothing missed; marked only for the first hour: the rest is missed.
        #expect(Self.missed(.boiler, stop, marks: [F.record("MK-1", "thermal-power.stopped", F.at(0.5), F.at(3.5))]).isEmpty)
        let partly = Self.missed(.boiler, stop, marks: [F.record("MK-1", "thermal-power.stopped", F.at(0.5), F.at(1.9))])
        #expect(partly.count == 1)
        #expect(partly.first?.start == F.at(1.9))
    }

    @Test func anUnmarkedStopIsProposedOnceItHasEnded() throws {
        let ongoing = Self.series("e10101", [900] + Array(repeating: 10, count: 13), from: 0.8333, everyMinutes: 10)
        let open = Self.reconciler.unmarkedStops(outletId: "O-1", unitType: .boiler, samples: ongoing, marks: [])
        #expect(open.map(\.ended) == [false])
        let over = Self.reconciler.unmarkedStops(outletId: "O-1", unitType: .boiler, samples: ongoing + Self.series("e10101", [900], from: 3.1667), marks: [])
        let stop = try #require(over.first)
        #expect(stop.ended && stop.rule.proposedTypeId == "thermal-power.stopped")
        #expect(abs(stop.start.timeIntervalSince(F.at(1))) < 1 && stop.samples.count == 13)
    }

    @Test func aProposedTypeOutsideTheRulesMarkTypesIsRefused() throws {
        var text = try String(contentsOf: F.repository.appending(path: "data/catalogue/mark-checks.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"proposeType\": \"paper.stopped\"", with: "\"proposeType\": \"paper.nap\"")
        do {
            _ = try MarkCheckCatalogue.parse(Data(text.utf8))
            Issue.record("a proposeType outside markTypes was accepted")
        } catch {
            #expect(error.problems.map(\.record) == ["paper-missed-stop"])
        }
    }

    @Test func aShortDipIsNotAMissedStopAndEachIndustryUsesItsOwnParameter() {
        let dip = Self.series("e10101", [900, 10, 10, 10, 900], everyMinutes: 10)
        #expect(Self.missed(.boiler, dip).isEmpty)
        let kilnCold = Self.series("e20101", Array(repeating: 300, count: 10), everyMinutes: 10)
        #expect(Self.missed(.cementKiln, kilnCold).map(\.ruleId) == ["cement-missed-stop"])
        #expect(Self.missed(.boiler, kilnCold).isEmpty)
        let blowerOff = Self.series("e30101", Array(repeating: 0, count: 10), everyMinutes: 10)
        #expect(Self.missed(.wastewaterPlant, blowerOff).map(\.ruleId) == ["paper-missed-stop"])
    }
}

/// Exceedances left unmarked by the deadline (missed marks).
@Suite(.timeLimit(.minutes(1)))
struct MarkMissedExceedanceTests {
    typealias F = MarkFixtures

    static func exceedance(_ id: String = "EX-1", status: ExceedanceJudgment.Status = .closed, factor: String = "w01018",
                           from: Double = 2, to: Double = 4) -> ExceedanceJudgment {
        ExceedanceJudgment(
            id: id, version: 1, status: status, enterpriseId: "E-1", enterpriseName: "示范纸业", outletId: "O-1", outletName: "废水总排口",
            mn: "MN-W", factor: factor, factorName: "化学需氧量", unit: "mg/L", basis: "hour", periodStart: F.at(from), periodEnd: F.at(to),
            value: 95, limit: 60, multiple: 0.58,
            limitSource: .init(rowId: "GB3544-2008-t2-cod", standard: "GB 3544-2008", version: "2008", provisional: false),
            inputs: .init(cn: "2061", frameId: "f-1", mean: 95, convertedMean: nil, oxygenMean: nil, referenceO2: nil, flag: "N",
                          valueSource: "avg"),
            countyCode: "511126", cityCode: "511100")
    }

    static func missed(_ exceedances: [ExceedanceJudgment], marks: [MarkRecord] = [], now: Date = F.at(48)) -> [MarkVerdict] {
        MarkReconciliationTests.reconciler.missedExceedances(exceedances, marks: marks, now: now, deadline: F.policy.deadline(forDataAt:))
    }

    static func mark(_ typeId: String, effect: ValidityEffect, factors: [String] = [], mn: String? = nil) -> MarkRecord {
        var record = F.record("MK-P", typeId, F.at(1), F.at(5), mn: mn, factors: factors)
        record.effect = effect
        return record
    }

    @Test func aCODExceedanceUnmarkedAfterTheDeadlineIsAMissedMark() throws {
        let verdicts = Self.missed([Self.exceedance()])
        #expect(verdicts.map(\.ruleId) == ["exceedance-unmarked"])
        let verdict = try #require(verdicts.first)
        #expect(verdict.kind == .missed && verdict.id == "O-1/exceedance-unmarked/EX-1")
        #expect(verdict.inputs.first?.source == "exceedance:EX-1" && verdict.inputs.first?.threshold == 60)
        #expect(verdict.messageZh.hasPrefix("漏标：超标时段在截止时限前未标记：化学需氧量 2026-03-10 02:00 起超标（95mg/L，限值 60mg/L）"))
    }

    @Test func beforeTheDeadlineOrWithdrawnItIsNotMissed() {
        #expect(Self.missed([Self.exceedance()], now: F.at(24 + 11.9)).isEmpty)
        #expect(Self.missed([Self.exceedance(status: .withdrawn)]).isEmpty)
    }

    @Test func onlyAMarkThatExcludesTheFactorsDataCoversIt() {
        #expect(Self.missed([Self.exceedance()], marks: [Self.mark("paper.stopped", effect: .outOfService)]).isEmpty)
        #expect(Self.missed([Self.exceedance()], marks: [Self.mark("equipment.maintenance", effect: .invalid, factors: ["w01018"], mn: "MN-W")]).isEmpty)
        // A kept-and-flagged mark does not take the data out of the judgment; nor does one of another factor or point.
        #expect(Self.missed([Self.exceedance()], marks: [Self.mark("paper.treatment-fault", effect: .keptFlagged)]).count == 1)
        #expect(Self.missed([Self.exceedance()], marks: [Self.mark("equipment.maintenance", effect: .invalid, factors: ["w21003"])]).count == 1)
        #expect(Self.missed([Self.exceedance()], marks: [Self.mark("equipment.maintenance", effect: .invalid, mn: "MN-X")]).count == 1)
    }
}

/// Rule `missing-data-unmarked`: a gap Judgment found (missing data, communication loss) left
/// unmarked past the marking deadline of its period is a missed mark.
struct MarkMissedGapTests {
    typealias F = MarkFixtures

    static func gap(_ id: String = "abn:MN-G:missing-data::1", kind: String = "missing-data", status: AbnormalOperationJudgment.Status = .closed,
                    from: Double = 2, to: Double = 5, ongoing: Bool = false, exempted: Bool = false) -> AbnormalOperationJudgment {
        AbnormalOperationJudgment(
            id: id, version: 1, status: status, kind: kind, kindName: kind == "missing-data" ? "数据缺失" : "通讯中断", enterpriseId: "E-1",
            enterpriseName: "示范电厂", outletId: "O-1", outletName: "1号排口", mn: "MN-G", factors: ["a21026", "a21002"],
            periodStart: F.at(from), periodEnd: F.at(to), ongoing: ongoing,
            evidence: .init(minutes: Int((to - from) * 60), flag: nil, runs: nil, value: nil, rangeHigh: nil, statusCode: nil, statusValue: nil,
                            flagsSeen: [], gapCause: "no-data", markIds: []),
            exemption: .init(used: exempted, quarter: exempted ? "2026Q4" : nil), rulesVersion: "test",
            inputs: .init(cn: "2051", intervalSeconds: 60, valuesInPeriod: 0, lastFrameId: nil), countyCode: nil, cityCode: nil)
    }

    static func missed(_ findings: [AbnormalOperationJudgment], marks: [MarkRecord] = [], now: Date = F.at(48)) -> [MarkVerdict] {
        MarkReconciliationTests.reconciler.missedGaps(findings, marks: marks, now: now, deadline: F.policy.deadline(forDataAt:))
    }

    @Test("a gap unmarked after the deadline is one missed mark naming the finding; an exempted one too (the exemption spares the order, not the mark)")
    func unmarkedGapIsMissed() throws {
        let verdicts = Self.missed([Self.gap()])
        #expect(verdicts.map(\.kind) == [.missed])
        let verdict = try #require(verdicts.first)
        #expect(verdict.ruleId == "missing-data-unmarked")
        #expect(verdict.id == "O-1/missing-data-unmarked/abn:MN-G:missing-data::1")
        #expect(verdict.start == F.at(2) && verdict.end == F.at(5))
        #expect(verdict.inputs.first?.source == "abnormal:abn:MN-G:missing-data::1")
        #expect(verdict.messageZh.contains("数据缺失") && verdict.messageZh.contains("180 分钟"))
        #expect(Self.missed([Self.gap(exempted: true)]).count == 1)
        #expect(Self.missed([Self.gap(kind: "communication-loss")]).map(\.ruleId) == ["missing-data-unmarked"])
    }

    @Test("no missed mark before the deadline, for a withdrawn, ongoing or non-gap finding, or when a mark excluding the data covers the gap")
    func notMissed() {
        #expect(Self.missed([Self.gap()], now: F.inTime).isEmpty)
        #expect(Self.missed([Self.gap(status: .withdrawn)]).isEmpty)
        #expect(Self.missed([Self.gap(ongoing: true)]).isEmpty)
        #expect(Self.missed([Self.gap(kind: "constant-value")]).isEmpty)
        var stopped = F.record("MK-S", "thermal-power.stopped", F.at(1), F.at(6))
        stopped.effect = .outOfService
        #expect(Self.missed([Self.gap()], marks: [stopped]).isEmpty)
        // A mark on another factor or another point does not cover it; one covering part of it leaves the rest missed.
        #expect(Self.missed([Self.gap()], marks: [F.record("MK-O", "equipment.maintenance", F.at(1), F.at(6), factors: ["w01018"])]).count == 1)
        #expect(Self.missed([Self.gap()], marks: [F.record("MK-N", "equipment.maintenance", F.at(1), F.at(6), mn: "MN-OTHER")]).count == 1)
        let partial = Self.missed([Self.gap()], marks: [F.record("MK-H", "equipment.maintenance", F.at(2), F.at(3), factors: ["a21026"])])
        #expect(partial.first?.start == F.at(3) && partial.first?.end == F.at(5))
    }
}

/// Rule `flagged-period-unmarked`: a calibration or maintenance the device flagged, proposed as a
/// mark and left without an answer past the marking deadline, is a missed mark.
struct MarkMissedProposalTests {
    typealias F = MarkFixtures

    static func proposal(_ typeId: String = "equipment.calibration", status: MarkProposal.Status = .closed, from: Double = 2,
                         to: Double = 3) -> MarkProposal {
        MarkProposal(id: "PR-1", version: 2, status: status, typeId: typeId, nameZh: typeId == "equipment.calibration" ? "校准" : "维护",
                     enterpriseId: "E-1", outletId: "O-1", mn: "MN-C", factors: ["a21026"], start: F.at(from), end: F.at(to),
                     sources: ["flag C"], markId: nil, updatedAt: F.at(to))
    }

    static func missed(_ proposals: [MarkProposal], marks: [MarkRecord] = [], now: Date = F.at(48)) -> [MarkVerdict] {
        MarkReconciliationTests.reconciler.missedProposals(proposals, marks: marks, now: now, deadline: F.policy.deadline(forDataAt:))
    }

    @Test("an unanswered calibration proposal past the deadline is one missed mark naming it; a maintenance one too")
    func unansweredIsMissed() throws {
        let verdict = try #require(Self.missed([Self.proposal()]).first)
        #expect(verdict.kind == .missed && verdict.ruleId == "flagged-period-unmarked")
        #expect(verdict.id == "O-1/flagged-period-unmarked/PR-1")
        #expect(verdict.markTypeId == "equipment.calibration")
        #expect(verdict.inputs.first?.source == "proposal:PR-1")
        #expect(verdict.messageZh.contains("校准") && verdict.messageZh.contains("60 分钟"))
        #expect(Self.missed([Self.proposal("equipment.maintenance")]).count == 1)
    }

    @Test("not missed: before the deadline, still open, confirmed, rejected (the enterprise answered), a type the rule does not name, or covered by a mark")
    func answeredOrCoveredIsNotMissed() {
        #expect(Self.missed([Self.proposal()], now: F.inTime).isEmpty)
        for status in [MarkProposal.Status.open, .confirmed, .rejected] {
            #expect(Self.missed([Self.proposal(status: status)]).isEmpty, "\(status)")
        }
        #expect(Self.missed([Self.proposal("equipment.fault")]).isEmpty)
        #expect(Self.missed([Self.proposal()], marks: [F.record("MK-C", "equipment.calibration", F.at(1.5), F.at(3.5), mn: "MN-C")]).isEmpty)
        #expect(Self.missed([Self.proposal()], marks: [F.record("MK-X", "equipment.calibration", F.at(1.5), F.at(3.5), mn: "MN-OTHER")]).count == 1)
    }
}
