import Domain
import Foundation
import Testing

/// One order per episode, related findings grouped under it, and equipment faults inhibiting
/// the exceedance orders they explain.
struct SupervisionGroupingTests {
    typealias S = Supervision
    let policy = Supervision.sichuan.grouping

    func entry(_ id: String = "o1", type: OrderType = .exceedance, outlet: String = "DA001", start: Date = Supervision.monday,
               hours: Double = 3, ended: Bool = false, findings: [String] = ["f1"]) -> EpisodeGrouping.Entry {
        EpisodeGrouping.Entry(orderId: id, type: type, enterpriseId: "e1", outletId: outlet, start: start, end: start + hours * 3600,
                              ended: ended, findingIds: findings)
    }

    @Test("a new version of a finding updates the order that holds it")
    func update() {
        #expect(EpisodeGrouping.place(S.finding(version: 2, hours: 5), among: [entry()], policy: policy) == .update(orderId: "o1"))
    }

    @Test("another factor at the same outlet, overlapping or within the 2 h gap, joins the episode")
    func join() {
        let overlapping = S.finding(id: "f2", start: S.monday + 3600, hours: 1, factor: "a21002")
        #expect(EpisodeGrouping.place(overlapping, among: [entry()], policy: policy) == .join(orderId: "o1"))
        let withinGap = S.finding(id: "f3", start: S.monday + 5 * 3600, hours: 1)
        #expect(EpisodeGrouping.place(withinGap, among: [entry()], policy: policy) == .join(orderId: "o1"))
    }

    @Test("a new episode: beyond the gap, another outlet, another cause, or only an ended order")
    func newOrder() {
        #expect(EpisodeGrouping.place(S.finding(id: "f4", start: S.monday + 5 * 3600 + 60, hours: 1), among: [entry()], policy: policy) == .newOrder)
        #expect(EpisodeGrouping.place(S.finding(id: "f5", outlet: "DA002"), among: [entry()], policy: policy) == .newOrder)
        #expect(EpisodeGrouping.place(S.finding(.missingData, id: "f6", factor: nil), among: [entry()], policy: policy) == .newOrder)
        #expect(EpisodeGrouping.place(S.finding(version: 2), among: [entry(ended: true)], policy: policy) == .newOrder,
                "an ended order never reopens")
    }

    @Test("of two open candidates the latest-ending one takes the finding")
    func latestCandidate() {
        let entries = [entry("early", hours: 2, findings: ["a"]), entry("late", start: S.monday + 3 * 3600, hours: 2, findings: ["b"])]
        #expect(EpisodeGrouping.place(S.finding(id: "c", start: S.monday + 2 * 3600, hours: 1), among: entries, policy: policy) == .join(orderId: "late"))
    }

    @Test("an entry reflects an order's episode span and findings")
    func entryFromOrder() throws {
        let order = try S.open(S.finding(hours: 3)).order
        let derived = EpisodeGrouping.Entry(order)
        #expect(derived == entry())
    }

    static let fault = Supervision.finding(.abnormalOperation, id: "fault-1", detail: "equipment-fault", start: Supervision.monday - 1800,
                                           hours: 2, ongoing: true, factor: nil)

    @Test("an equipment fault at the point explains exceedances there, within the tolerance")
    func explains() throws {
        let rule = try #require(S.sichuan.inhibitions.first)
        #expect(rule.explains(fault: Self.fault, finding: S.finding()))
        #expect(rule.explains(fault: Self.fault, finding: S.finding(start: S.monday + 20 * 3600)), "an ongoing fault reaches forward")
        var ended = Self.fault
        ended.ongoing = false
        #expect(rule.explains(fault: ended, finding: S.finding(start: S.monday + 2.4 * 3600)), "within 60 min after the fault ended")
        #expect(!rule.explains(fault: ended, finding: S.finding(start: S.monday + 2.6 * 3600)))
        #expect(!rule.explains(fault: Self.fault, finding: S.finding(point: "MN002")), "another analyser")
        #expect(!rule.explains(fault: Self.fault, finding: S.finding(outlet: "DA002")))
        #expect(!rule.explains(fault: Self.fault, finding: S.finding(.missingData, factor: nil)), "only exceedances are inhibited")
        var otherFactor = Self.fault
        otherFactor.factor = "a21002"
        #expect(!rule.explains(fault: otherFactor, finding: S.finding()), "an NOx analyser fault does not explain SO2")
        var constant = Self.fault
        constant.detail = "constant-values"
        #expect(!rule.explains(fault: constant, finding: S.finding()), "only an equipment fault inhibits")
    }

    @Test("a fault found after the order opened: the order is inhibited and nothing moves until it is lifted")
    func inhibitLater() throws {
        let dispatch = try S.open(S.finding(hours: 5), at: S.monday + 5 * 3600).order
        #expect(EpisodeGrouping.ordersExplained(by: Self.fault, orders: [dispatch], ruleset: S.sichuan) == [dispatch.id])
        let inhibited = try expectAccepted(dispatch, .inhibit(faultFindingId: "fault-1", reason: "SO2分析仪故障"), by: S.system, at: S.monday + 6 * 3600).order
        #expect(inhibited.isInhibited)
        #expect(EpisodeGrouping.ordersExplained(by: Self.fault, orders: [inhibited], ruleset: S.sichuan).isEmpty)
        #expect(expectRefused(inhibited, .inhibit(faultFindingId: "fault-1", reason: "再次"), by: S.system, at: S.monday + 6 * 3600)?.code == .duplicate)
        // Past the reply deadline and the marking deadline: nothing happens while inhibited.
        #expect(try expectAccepted(inhibited, .tick, by: S.system, at: S.cst(2026, 3, 5)).events.isEmpty)
        #expect(inhibited.nextCheck(after: S.monday, context: S.context) == nil)
        // A growing finding is recorded but does not move the stage.
        let grown = try expectAccepted(inhibited, .addFinding(S.finding(version: 2, hours: 30)), by: S.system, at: S.cst(2026, 3, 3, 13))
        #expect(grown.transitions == ["finding_updated"])

        // The fault is rejected on 3-5 09:00: deadlines start afresh and the order resumes.
        let lifted = try expectAccepted(grown.order, .liftInhibition(faultFindingId: "fault-1", outcome: .rejected), by: S.system, at: S.cst(2026, 3, 5, 9))
        #expect(lifted.transitions.first == "inhibition_lifted")
        #expect(lifted.notificationKinds.first == "resumed.dispatch")
        // The marking deadline has long passed: the standing exceedance goes on to handling after at once.
        #expect(lifted.order.stage == .handlingAfter)
        #expect(expectRefused(lifted.order, .liftInhibition(faultFindingId: "fault-1", outcome: .resolved), by: S.system, at: S.cst(2026, 3, 5, 10))?.code == .notInhibited)
    }

    @Test("lifting renews the deadlines from the moment of lifting")
    func liftRenewsDeadlines() throws {
        let gap = try S.open(S.finding(.missingData, hours: 9, factor: nil), at: S.monday + 9 * 3600).order
        // Gaps are not inhibitable under the Sichuan rules.
        #expect(expectRefused(gap, .inhibit(faultFindingId: "fault-1", reason: "x"), by: S.system, at: S.monday + 10 * 3600)?.code == .notInhibitable)
        let exceedance = try S.open(S.finding(hours: 5), at: S.monday + 5 * 3600, markingDeadline: nil).order
        let inhibited = try expectAccepted(exceedance, .inhibit(faultFindingId: "fault-1", reason: "x"), by: S.system, at: S.monday + 6 * 3600).order
        let twice = try expectAccepted(inhibited, .inhibit(faultFindingId: "fault-2", reason: "y"), by: S.system, at: S.monday + 6 * 3600).order
        let one = try expectAccepted(twice, .liftInhibition(faultFindingId: "fault-1", outcome: .resolved), by: S.system, at: S.cst(2026, 3, 9, 9))
        #expect(one.order.isInhibited, "still inhibited by the second fault")
        #expect(one.notificationKinds.isEmpty)
        let both = try expectAccepted(one.order, .liftInhibition(faultFindingId: "fault-2", outcome: .resolved), by: S.system, at: S.cst(2026, 3, 9, 9))
        #expect(!both.order.isInhibited)
        #expect(both.order.deadline(for: .enterpriseReply)?.due == S.cst(2026, 3, 11))
        #expect(both.order.stage == .dispatch)
    }

    @Test("an order opened while a fault is active starts inhibited and tells nobody yet")
    func openInhibited() throws {
        let inhibitors = EpisodeGrouping.inhibitors(of: S.finding(), activeFaults: [Self.fault], ruleset: S.sichuan)
        #expect(inhibitors == ["fault-1"])
        let opened = try S.open(S.finding(), inhibitors: inhibitors)
        #expect(opened.order.inhibitors == ["fault-1"])
        #expect(opened.actions.isEmpty)
        #expect(opened.events.first?.reasonZh.hasSuffix("因设备故障fault-1暂予抑制") == true)
        let gap = SupervisionOrder.open(S.request(S.finding(.missingData, hours: 2, factor: nil), inhibitors: ["fault-1"]), by: S.system, at: S.monday, context: S.context)
        #expect(throws: OrderRefusal.self) { try gap.get() }
    }

    @Test("a withdrawn judgment during inhibition still cancels the order")
    func withdrawDuringInhibition() throws {
        let inhibited = try S.open(S.finding(), inhibitors: ["fault-1"]).order
        let cancelled = try expectAccepted(inhibited, .withdrawFinding(id: "f1", reason: "故障标记经审核有效，数据无效"), by: S.system, at: S.monday + 3600)
        #expect(cancelled.order.status == .cancelled)
    }
}
