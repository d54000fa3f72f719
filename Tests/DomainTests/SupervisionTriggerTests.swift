import Domain
import Foundation
import Testing

/// Each trigger rule of data/supervision/rules.json: which finding opens which stage, and when a
/// standing order moves on.
struct SupervisionTriggerTests {
    typealias S = Supervision

    struct Case: Sendable, CustomTestStringConvertible {
        var finding: Finding
        var stage: OrderStage?
        var testDescription: String
    }

    static let openings: [Case] = [
        Case(finding: S.finding(hours: 1), stage: .preWarning, testDescription: "hourly exceedance, 1 h → pre-warning at once"),
        Case(finding: S.finding(hours: 3.9), stage: .preWarning, testDescription: "hourly exceedance, 3.9 h → still pre-warning"),
        Case(finding: S.finding(hours: 4), stage: .dispatch, testDescription: "hourly exceedance found at 4 h (late data) → dispatch"),
        Case(finding: S.finding(basis: "daily", hours: 24), stage: .dispatch, testDescription: "daily mean exceedance → dispatch"),
        Case(finding: S.finding(.missingData, hours: 1, factor: nil), stage: nil, testDescription: "missing data 1 h → nothing yet"),
        Case(finding: S.finding(.missingData, hours: 1.5, factor: nil), stage: .preWarning, testDescription: "missing data 1.5 h → pre-warning"),
        Case(finding: S.finding(.missingData, hours: 8, factor: nil), stage: .preWarning, testDescription: "missing data exactly 8 h → pre-warning"),
        Case(finding: S.finding(.missingData, hours: 8.5, factor: nil), stage: .dispatch, testDescription: "missing data 8.5 h → dispatch"),
        Case(finding: S.finding(.missingData, hours: 2, factor: nil, measures: [.occurrencesInQuarter: 2]), stage: .dispatch,
             testDescription: "second gap in the quarter → dispatch"),
        Case(finding: S.finding(.connectionAbnormal, hours: 0.5, factor: nil), stage: nil, testDescription: "connection lost 30 min → nothing yet"),
        Case(finding: S.finding(.connectionAbnormal, hours: 2, factor: nil), stage: .preWarning, testDescription: "connection lost 2 h → pre-warning"),
        Case(finding: S.finding(.connectionAbnormal, hours: 9, factor: nil), stage: .dispatch, testDescription: "connection lost 9 h → dispatch"),
        Case(finding: S.finding(.abnormalOperation, detail: "constant-values", hours: 6), stage: .dispatch,
             testDescription: "constant values → dispatch"),
        Case(finding: S.finding(.suspectedFalseMark, hours: 5), stage: .dispatch, testDescription: "suspected false mark → dispatch"),
        Case(finding: S.finding(.suspectedMissedMark, hours: 5), stage: .dispatch, testDescription: "suspected missed mark → dispatch"),
        Case(finding: S.finding(.suspectedWrongMark, hours: 5), stage: .dispatch, testDescription: "suspected wrong mark → dispatch"),
        Case(finding: S.finding(.allowanceNearCap, measures: [.allowanceShareUsed: 0.79]), stage: nil,
             testDescription: "fault allowance 79 % used → nothing"),
        Case(finding: S.finding(.allowanceNearCap, measures: [.allowanceShareUsed: 0.8]), stage: .preWarning,
             testDescription: "fault allowance 80 % used → pre-warning"),
        Case(finding: S.finding(.totalQuantity, measures: [.projectedShareOfPermit: 0.97]), stage: nil,
             testDescription: "total quantity projected at 97 % → nothing"),
        Case(finding: S.finding(.totalQuantity, measures: [.projectedShareOfPermit: 1.05]), stage: .preWarning,
             testDescription: "total quantity projected over the permit → pre-warning"),
        Case(finding: S.finding(.totalQuantity, measures: [.projectedShareOfPermit: 1.2, .actualShareOfPermit: 1.01]), stage: .handlingAfter,
             testDescription: "total quantity exceeded → handling after"),
        Case(finding: S.finding(.suspectedFalsification, hours: 3), stage: .handlingAfter,
             testDescription: "suspected falsification → handling after, to the local bureau"),
    ]

    @Test("the first stage follows the trigger rule", arguments: openings)
    func opening(_ testCase: Case) throws {
        let result = SupervisionOrder.open(S.request(testCase.finding), by: S.system, at: testCase.finding.end, context: S.context)
        switch (result, testCase.stage) {
        case (.success(let outcome), .some(let stage)):
            #expect(outcome.order.stage == stage)
            #expect(outcome.events.count == 1)
            #expect(outcome.notificationKinds == ["\(stage.rawValue).\(testCase.finding.type.rawValue)"])
        case (.failure(let refusal), .none):
            #expect(refusal.code == .noTrigger)
        case (.success(let outcome), .none):
            Issue.record("opened \(outcome.order.stage) where no trigger should fire")
        case (.failure(let refusal), .some):
            Issue.record("refused: \(refusal)")
        }
    }

    @Test("an hourly exceedance pre-warning moves to dispatch when the episode reaches 4 h")
    func exceedanceGrows() throws {
        let opened = try S.open(S.finding(hours: 1))
        let three = try expectAccepted(opened.order, .addFinding(S.finding(version: 2, hours: 3)), by: S.system, at: S.monday + 3 * 3600)
        #expect(three.order.stage == .preWarning)
        #expect(three.transitions == ["finding_updated"])
        let four = try expectAccepted(three.order, .addFinding(S.finding(version: 3, hours: 4)), by: S.system, at: S.monday + 4 * 3600)
        #expect(four.transitions == ["finding_updated", "stage_advanced"])
        #expect(four.order.stage == .dispatch)
        #expect(four.order.status == .awaitingReply)
        #expect(four.events.last?.reasonZh.contains("持续时长（小时） 4 ≥ 4") == true)
        #expect(four.notificationKinds == ["dispatch.exceedance"])
        // Monday 14:00 + 1 working day → Tuesday 24:00.
        #expect(four.order.deadline(for: .enterpriseReply)?.due == S.cst(2026, 3, 4))
    }

    @Test("a standing exceedance goes to handling after once the marking deadline passes, not before")
    func exceedancePastMarkingDeadline() throws {
        let dispatch = try S.open(S.finding(hours: 5), at: S.monday + 5 * 3600).order
        let before = try expectAccepted(dispatch, .tick, by: S.system, at: S.cst(2026, 3, 3, 11, 59))
        #expect(before.order.stage == .dispatch)
        let after = try expectAccepted(dispatch, .tick, by: S.system, at: S.cst(2026, 3, 3, 12))
        #expect(after.order.stage == .handlingAfter)
        #expect(after.order.status == .awaitingResponse)
        #expect(after.events.first?.reasonZh.contains("标记截止时间已过仍未消除") == true)
        #expect(Set(after.order.deadlines.map(\.duty)) == [.enterpriseResponse, .bureauDecision])
        #expect(after.notificationKinds == ["handling_after.exceedance"])
    }

    @Test("an order without a marking deadline never moves by it")
    func noMarkingDeadline() throws {
        let dispatch = try S.open(S.finding(hours: 5), at: S.monday + 5 * 3600, markingDeadline: nil).order
        let later = try expectAccepted(dispatch, .tick, by: S.system, at: S.cst(2026, 3, 20))
        #expect(later.order.stage == .dispatch)
    }

    @Test("abnormal operation left 72 h in dispatch goes to handling after")
    func abnormalOperationTimesOut() throws {
        let opened = try S.open(S.finding(.abnormalOperation, detail: "over-range"))
        #expect(opened.order.stage == .dispatch)
        let at71 = try expectAccepted(opened.order, .tick, by: S.system, at: S.monday + 71 * 3600)
        #expect(at71.order.stage == .dispatch)
        let at72 = try expectAccepted(opened.order, .tick, by: S.system, at: S.monday + 72 * 3600)
        #expect(at72.order.stage == .handlingAfter)
        #expect(at72.events.contains { $0.reasonZh.contains("事中调度已持续72小时") })
    }

    @Test("total quantity: a pre-warning on projection becomes handling after when the permit is exceeded")
    func totalQuantityExceeded() throws {
        let opened = try S.open(S.finding(.totalQuantity, measures: [.projectedShareOfPermit: 1.1]))
        #expect(opened.order.stage == .preWarning)
        let exceeded = try expectAccepted(opened.order, .addFinding(S.finding(.totalQuantity, version: 2, measures: [.projectedShareOfPermit: 1.2, .actualShareOfPermit: 1.02])),
                                          by: S.system, at: S.monday + 86_400)
        #expect(exceeded.order.stage == .handlingAfter)
    }

    @Test("a trigger rule evaluates conditions with ≥ and > exactly")
    func comparisons() {
        let facts = { (hours: Double) in
            TriggerCondition.Facts(findings: [S.finding(hours: hours)], markingDeadline: nil, current: nil, now: S.monday)
        }
        #expect(TriggerCondition.measure(.durationHours, .atLeast, 4).holds(facts(4), previous: nil) != nil)
        #expect(TriggerCondition.measure(.durationHours, .above, 4).holds(facts(4), previous: nil) == nil)
        #expect(TriggerCondition.measure(.durationHours, .above, 4).holds(facts(4.01), previous: nil) != nil)
        #expect(TriggerCondition.measure(.multipleOverLimit, .atLeast, 0).holds(facts(4), previous: nil) == nil, "a measure the finding lacks never holds")
        let empty = TriggerCondition.Facts(findings: [], markingDeadline: nil, current: nil, now: S.monday)
        #expect(TriggerCondition.immediately.holds(empty, previous: nil) == nil, "no standing finding, no trigger")
    }

    @Test("an order the rules never open is refused with the reason, and so is an unknown basis")
    func noRule() {
        let result = SupervisionOrder.open(S.request(S.finding(basis: "monthly")), by: S.system, at: S.monday, context: S.context)
        #expect(throws: OrderRefusal(.noTrigger, "规则集sichuan-2023中没有适用于「超标排放」的触发规则")) { try result.get() }
    }
}
