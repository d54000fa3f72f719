import Domain
import Foundation
import Testing

/// Deadlines in working days, reminders before them, and escalation county → city → province
/// when they pass.
struct SupervisionDeadlineTests {
    typealias S = Supervision

    /// A gap dispatched on Monday 19:00: the reply is due Tuesday 24:00 (Wednesday 00:00).
    static func gapDispatch(at time: Date = S.monday + 9 * 3600) throws -> SupervisionOrder {
        let order = try S.open(S.finding(.missingData, hours: 9, factor: nil), at: time).order
        #expect(order.stage == .dispatch)
        return order
    }

    @Test("reminders 24 h and 4 h before the reply deadline go out once each, to the enterprise")
    func reminders() throws {
        let order = try Self.gapDispatch()
        #expect(order.deadline(for: .enterpriseReply)?.due == S.cst(2026, 3, 4))
        #expect(try expectAccepted(order, .tick, by: S.system, at: S.cst(2026, 3, 2, 23, 59)).events.isEmpty)
        let first = try expectAccepted(order, .tick, by: S.system, at: S.cst(2026, 3, 3))
        #expect(first.transitions == ["reminder_issued"])
        #expect(first.events.first?.change == .reminderIssued(duty: .enterpriseReply, hoursBefore: [24]))
        guard case .notify(let intent) = first.actions.first else { Issue.record("no notification"); return }
        #expect(intent.kind == "reminder.enterprise_reply")
        #expect(intent.audience == .enterprise)
        #expect(intent.variables["deadline"] == "3月3日24时")
        #expect(try expectAccepted(first.order, .tick, by: S.system, at: S.cst(2026, 3, 3, 1)).events.isEmpty, "a repeated tick reminds once")
        let second = try expectAccepted(first.order, .tick, by: S.system, at: S.cst(2026, 3, 3, 20))
        #expect(second.events.first?.change == .reminderIssued(duty: .enterpriseReply, hoursBefore: [4]))
        // A clock that was down sends one reminder for both moments.
        let late = try expectAccepted(order, .tick, by: S.system, at: S.cst(2026, 3, 3, 21))
        #expect(late.events.map(\.change) == [.reminderIssued(duty: .enterpriseReply, hoursBefore: [4, 24])])
        #expect(late.notificationKinds.count == 1)
    }

    @Test("an unanswered dispatch escalates county → city → province, then stays overdue")
    func escalation() throws {
        var order = try Self.gapDispatch()
        #expect(order.escalation == .county)
        let toCity = try expectAccepted(order, .tick, by: S.system, at: S.cst(2026, 3, 4))
        order = toCity.order
        #expect(toCity.events.last?.change == .escalated(duty: .enterpriseReply, from: .county, to: .city, renewed: order.deadline(for: .enterpriseReply)!))
        #expect(order.escalation == .city)
        #expect(order.deadline(for: .enterpriseReply)?.due == S.cst(2026, 3, 6))
        #expect(order.deadline(for: .enterpriseReply)?.escalations == 1)
        #expect(toCity.notificationKinds == ["overdue.enterprise_reply"])
        guard case .notify(let intent) = toCity.actions.first else { return }
        #expect(intent.escalation == .city && intent.audience == .stageRecipients && intent.urgency == .high)

        // Friday 3-6 00:00 passes: province; +1 working day over the weekend → Monday 24:00.
        let toProvince = try expectAccepted(order, .tick, by: S.system, at: S.cst(2026, 3, 6, 0, 1))
        order = toProvince.order
        #expect(order.escalation == .province)
        #expect(order.deadline(for: .enterpriseReply)?.due == S.cst(2026, 3, 10))
        #expect(toProvince.events.first?.reasonZh == "企业反馈逾期（期限3月5日24时），升级至省督办")

        let overdue = try expectAccepted(order, .tick, by: S.system, at: S.cst(2026, 3, 10))
        #expect(overdue.events.map(\.change) == [.overdue(duty: .enterpriseReply)])
        #expect(overdue.order.deadline(for: .enterpriseReply)?.overdue == true)
        #expect(try expectAccepted(overdue.order, .tick, by: S.system, at: S.cst(2026, 3, 20)).events.isEmpty, "overdue is recorded once")

        // The reply still comes in, late.
        let late = try expectAccepted(overdue.order, .submitReply(S.reply), by: S.enterpriseUser, at: S.cst(2026, 3, 11, 9))
        #expect(late.order.replies.first?.onTime == false)
        #expect(late.events.first?.reasonZh.contains("（已逾期）") == true)
    }

    @Test("a reply after the first deadline passed is late even if the renewed one still runs")
    func lateAfterEscalation() throws {
        let escalated = try expectAccepted(try Self.gapDispatch(), .tick, by: S.system, at: S.cst(2026, 3, 4)).order
        let reply = try expectAccepted(escalated, .submitReply(S.reply), by: S.enterpriseUser, at: S.cst(2026, 3, 4, 9))
        #expect(reply.order.replies.first?.onTime == false)
    }

    @Test("the bureau's review deadline escalates too")
    func reviewEscalates() throws {
        let replied = try expectAccepted(try Self.gapDispatch(), .submitReply(S.reply), by: S.enterpriseUser, at: S.cst(2026, 3, 3, 9)).order
        // Tuesday + 2 working days → Thursday 24:00.
        #expect(replied.deadline(for: .bureauReview)?.due == S.cst(2026, 3, 6))
        #expect(replied.deadline(for: .enterpriseReply) == nil)
        let overdue = try expectAccepted(replied, .tick, by: S.system, at: S.cst(2026, 3, 6))
        #expect(overdue.order.escalation == .city)
        #expect(overdue.notificationKinds == ["overdue.bureau_review"])
    }

    @Test("the response window closes at its deadline without escalating; reminders stop once the enterprise responded")
    func responseWindow() throws {
        let handling = try expectAccepted(try Self.gapDispatch(), .advanceStage(to: .handlingAfter, reason: "多次断线"), by: S.cityOfficer, at: S.cst(2026, 3, 3, 9))
        #expect(handling.notificationKinds == ["handling_after.missing_data"])
        let order = handling.order
        // Tuesday + 5 working days → next Tuesday 24:00; the decision has 15.
        #expect(order.deadline(for: .enterpriseResponse)?.due == S.cst(2026, 3, 11))
        #expect(order.deadline(for: .bureauDecision)?.due == S.cst(2026, 3, 25))
        let responded = try expectAccepted(order, .submitResponse(.init(kind: .statement, text: "网络故障", attachments: [])), by: S.enterpriseUser, at: S.cst(2026, 3, 4)).order
        #expect(try expectAccepted(responded, .tick, by: S.system, at: S.cst(2026, 3, 10, 20)).events.isEmpty, "no reminder after a response")
        let closed = try expectAccepted(responded, .tick, by: S.system, at: S.cst(2026, 3, 11))
        #expect(closed.events.map(\.change) == [.responseWindowClosed])
        #expect(closed.order.escalation == .county)
        #expect(closed.order.responseWindowClosed)
        // A response after the window is still recorded, marked late.
        let late = try expectAccepted(closed.order, .submitResponse(.init(kind: .evidence, text: "补充", attachments: [S.attachment])), by: S.enterpriseUser, at: S.cst(2026, 3, 12))
        #expect(late.order.responses.last?.onTime == false)
        // The decision deadline escalates to the city when it passes.
        let decisionOverdue = try expectAccepted(closed.order, .tick, by: S.system, at: S.cst(2026, 3, 25))
        #expect(decisionOverdue.order.escalation == .city)
    }

    @Test("deadlines across the Spring Festival: dispatched on 2-13, the reply is due on the adjusted Saturday; review after it waits out the holiday")
    func springFestivalOrder() throws {
        let order = try Self.gapDispatch(at: S.cst(2026, 2, 13, 10))
        #expect(order.deadline(for: .enterpriseReply)?.due == S.cst(2026, 2, 15))
        let replied = try expectAccepted(order, .submitReply(S.reply), by: S.enterpriseUser, at: S.cst(2026, 2, 14, 16))
        #expect(replied.order.replies.first?.onTime == true)
        #expect(replied.order.deadline(for: .bureauReview)?.due == S.cst(2026, 2, 26))
        #expect(try expectAccepted(replied.order, .tick, by: S.system, at: S.cst(2026, 2, 24, 12)).events.isEmpty)
        #expect(try expectAccepted(replied.order, .tick, by: S.system, at: S.cst(2026, 2, 25)).transitions == ["reminder_issued"])
    }

    @Test("the clock's next look: the nearest reminder, deadline or time trigger")
    func nextCheck() throws {
        let order = try Self.gapDispatch()
        #expect(order.nextCheck(after: S.monday + 9 * 3600, context: S.context) == S.cst(2026, 3, 3))
        #expect(order.nextCheck(after: S.cst(2026, 3, 3, 1), context: S.context) == S.cst(2026, 3, 3, 20))
        let exceedance = try S.open(S.finding(hours: 1)).order
        #expect(exceedance.nextCheck(after: S.monday, context: S.context) == S.cst(2026, 3, 3, 12), "the marking deadline")
        let abnormal = try S.open(S.finding(.abnormalOperation, detail: "over-range")).order
        #expect(abnormal.nextCheck(after: S.cst(2026, 3, 4, 1), context: S.context) == S.monday + 72 * 3600)
    }
}
