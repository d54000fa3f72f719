import Domain
import Foundation
import Testing

/// The province's figures over order histories.
struct SupervisionFiguresTests {
    typealias S = Supervision

    static func mianyangPaperOrder() throws -> SupervisionOrder {
        let enterprise = OrderEnterprise(id: "e7", name: "绵阳某某纸业", industry: .paper,
                                         location: JurisdictionPath(province: "510000", city: "510700", county: "510703"))
        var finding = S.finding(.missingData, id: "p1", hours: 9, factor: nil)
        finding.enterpriseId = "e7"
        let request = OrderOpeningRequest(id: "o7", number: "DB20260302007", enterprise: enterprise, outletName: "DW001", finding: finding,
                                          assignedBureau: enterprise.location, markingDeadline: nil)
        return try SupervisionOrder.open(request, by: S.system, at: S.monday + 9 * 3600, context: S.context).get().order
    }

    @Test("reply rate, on-time rate, time to close, share confirmed, and counts by stage, type, city, industry")
    func figures() throws {
        let gapOpened = S.monday + 9 * 3600
        // 1. A gap replied on time and accepted: closed 4 h after opening.
        let replied = try expectAccepted(try SupervisionDeadlineTests.gapDispatch(), .submitReply(S.reply), by: S.enterpriseUser, at: gapOpened + 3600).order
        let one = try expectAccepted(replied, .acceptReply(note: ""), by: S.countyOfficer, at: gapOpened + 4 * 3600).order
        // 2. A gap never answered: its deadline passed and escalated.
        let two = try expectAccepted(try SupervisionDeadlineTests.gapDispatch(), .tick, by: S.system, at: S.cst(2026, 3, 4)).order
        // 3. A gap pre-warning cleared after 2 h; never in dispatch.
        let three = try expectAccepted(try S.open(S.finding(.missingData, hours: 2, factor: nil), at: S.monday).order,
                                       .clearCondition(reason: "恢复"), by: S.system, at: S.monday + 2 * 3600).order
        // 4. A confirmed violation; 5. no violation: both left dispatch for handling after without a reply,
        // before their first reply deadline.
        let investigating = try SupervisionLifecycleTests.order(in: .investigating)
        let confirmedFirst = try expectAccepted(investigating, .submitResponse(.init(kind: .confirmation, text: "确认", attachments: [])), by: S.enterpriseUser, at: S.monday + 10 * 3600).order
        let four = try expectAccepted(confirmedFirst, .decide(.violationConfirmed(caseNumber: "案1", penaltyTicketNumber: "票1", amountFen: 100)), by: S.countyOfficer, at: S.monday + 12 * 3600).order
        let five = try expectAccepted(investigating, .decide(.noViolation(reason: "标记有效")), by: S.countyOfficer, at: S.monday + 14 * 3600).order
        // 6. A dispatch still inside its first deadline, unanswered: not yet counted as due.
        let six = try SupervisionDeadlineTests.gapDispatch(at: S.cst(2026, 3, 4, 10))
        // 7. Mianyang paper mill, late reply after escalation.
        let seven = try expectAccepted(try expectAccepted(try Self.mianyangPaperOrder(), .tick, by: S.system, at: S.cst(2026, 3, 4)).order,
                                       .submitReply(S.reply), by: S.operations.withEnterprise("e7"), at: S.cst(2026, 3, 4, 9)).order

        let orders = [one, two, three, four, five, six, seven]
        let now = S.cst(2026, 3, 4, 12)
        let figures = SupervisionFigures.compute(orders, openedFrom: S.cst(2026, 3, 1), to: S.cst(2026, 4, 1), now: now)
        #expect(figures.orders == 7)
        #expect(figures.byStage == [.preWarning: 1, .dispatch: 4, .handlingAfter: 2])
        #expect(figures.byType == [.missingData: 5, .exceedance: 2])
        #expect(figures.byCity == ["510100": 6, "510700": 1])
        #expect(figures.byIndustry == ["thermal-power": 6, "paper": 1])
        #expect(figures.byStatus[.closed] == 4)
        // Replied: 1 and 7; due without reply: 2 (escalated), and 4/5 which left dispatch for handling after
        // before their Tuesday 24:00 deadline do not count; 6 is still within its deadline at `now`.
        #expect(figures.replyRate == .init(numerator: 2, denominator: 3))
        #expect(figures.onTimeRate == .init(numerator: 1, denominator: 2))
        #expect(figures.confirmedShare == .init(numerator: 1, denominator: 2))
        #expect(figures.confirmedShare.value == 0.5)
        // Ended: 1 (4 h), 3 (2 h), 4 (12−5 = 7 h), 5 (9 h).
        #expect(figures.timeToClose.count == 4)
        #expect(figures.timeToClose.meanHours == 5.5)
        #expect(figures.timeToClose.medianHours == 5.5)
        #expect(figures.timeToClose.maximumHours == 9)
    }

    @Test("the window selects by opening time; empty rates are nil, not zero")
    func emptyWindow() throws {
        let figures = SupervisionFigures.compute([try S.open().order], openedFrom: S.cst(2026, 4, 1), to: S.cst(2026, 5, 1), now: S.monday)
        #expect(figures.orders == 0)
        #expect(figures.replyRate.value == nil)
        #expect(figures.timeToClose == .init(count: 0, meanHours: nil, medianHours: nil, maximumHours: nil))
    }

    @Test("figures over histories replay each one, and a broken history is an error")
    func histories() throws {
        let opened = try S.open(S.finding(.missingData, hours: 2, factor: nil), at: S.monday)
        let cleared = try expectAccepted(opened.order, .clearCondition(reason: "恢复"), by: S.system, at: S.monday + 3600)
        let history = opened.events + cleared.events
        let figures = try SupervisionFigures.compute(histories: [history], openedFrom: S.cst(2026, 3, 1), to: S.cst(2026, 4, 1), now: S.monday)
        #expect(figures.timeToClose.meanHours == 1)
        #expect(throws: SupervisionOrder.ReplayError.self) {
            try SupervisionFigures.compute(histories: [Array(history.reversed())], openedFrom: S.cst(2026, 3, 1), to: S.cst(2026, 4, 1), now: S.monday)
        }
    }
}

extension OrderActor {
    func withEnterprise(_ id: String) -> OrderActor { .operationsStaff(id: self.id, name: name, servedEnterpriseIds: enterpriseIds + [id]) }
}

extension SupervisionFiguresTests {
    @Test("figures encode as JSON objects keyed by stage, type and status codes, for the portal")
    func figuresAsJSON() throws {
        let figures = SupervisionFigures.compute([try S.open().order], openedFrom: S.cst(2026, 3, 1), to: S.cst(2026, 4, 1), now: S.monday)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(figures), as: UTF8.self)
        #expect(text.contains(#""byStage":{"pre_warning":1}"#))
        #expect(text.contains(#""byType":{"exceedance":1}"#))
        #expect(text.contains(#""byStatus":{"open":1}"#))
        #expect(try JSONDecoder().decode(SupervisionFigures.self, from: encoder.encode(figures)) == figures)
    }
}
