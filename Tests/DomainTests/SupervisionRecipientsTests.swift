import Domain
import Foundation
import Testing

/// Recipients by stage from contact records: enterprise contacts; the bureau by jurisdiction
/// (county, else city), copied upward as configured and as far as the order escalated.
struct SupervisionRecipientsTests {
    typealias S = Supervision

    static func contact(_ id: String, _ owner: Contact.Owner, primary: Bool = false) -> Contact {
        Contact(id: id, owner: owner, name: id, role: "督办联系人", phone: "13800000000", wechatId: nil, primary: primary)
    }

    static let all = [
        contact("e1-b", .enterprise(id: "e1")), contact("e1-a", .enterprise(id: "e1"), primary: true), contact("e2", .enterprise(id: "e2")),
        contact("jj", .bureau(jurisdictionCode: "510104")), contact("qy", .bureau(jurisdictionCode: "510105")),
        contact("cd", .bureau(jurisdictionCode: "510100")), contact("sc", .bureau(jurisdictionCode: "510000")),
    ]

    func intent(_ stage: OrderStage, _ audience: NotificationIntent.Audience = .stageRecipients, escalation: Jurisdiction.Level = .county) -> NotificationIntent {
        NotificationIntent(kind: "k", stage: stage, escalation: escalation, audience: audience, urgency: .high, variables: [:])
    }

    func names(_ recipients: [SupervisionRecipients.Recipient]) -> [String] {
        recipients.map { "\($0.part.rawValue):\($0.contact.id)" }
    }

    @Test("pre-warning: the enterprise's contacts, primary first; no bureau")
    func preWarning() throws {
        let order = try S.open().order
        let recipients = SupervisionRecipients.resolve(intent(.preWarning), for: order, policy: S.sichuan.recipients, contacts: Self.all)
        #expect(names(recipients) == ["to:e1-a", "to:e1-b"])
    }

    @Test("dispatch: to the enterprise, copied to the county and the city")
    func dispatch() throws {
        let order = try S.open().order
        let recipients = SupervisionRecipients.resolve(intent(.dispatch), for: order, policy: S.sichuan.recipients, contacts: Self.all)
        #expect(names(recipients) == ["to:e1-a", "to:e1-b", "copy:jj", "copy:cd"])
    }

    @Test("handling after: to the county bureau, copied to the enterprise and upward (Sichuan: to the province; national: to the city)")
    func handlingAfter() throws {
        let order = try S.open().order
        let sichuan = SupervisionRecipients.resolve(intent(.handlingAfter), for: order, policy: S.sichuan.recipients, contacts: Self.all)
        #expect(names(sichuan) == ["to:jj", "copy:e1-a", "copy:e1-b", "copy:cd", "copy:sc"])
        let national = SupervisionRecipients.resolve(intent(.handlingAfter), for: order, policy: S.rules.ruleset(id: "national-2023")!.recipients, contacts: Self.all)
        #expect(names(national) == ["to:jj", "copy:e1-a", "copy:e1-b", "copy:cd"])
    }

    @Test("a county without supervision contacts: the city is the local bureau")
    func countyWithoutContacts() throws {
        let contacts = Self.all.filter { $0.id != "jj" }
        #expect(SupervisionRecipients.localBureau(for: S.jinjiang, contacts: contacts) == S.chengdu)
        #expect(SupervisionRecipients.localBureau(for: S.jinjiang, contacts: Self.all) == S.jinjiang)
        #expect(SupervisionRecipients.localBureau(for: S.jinjiang, contacts: []) == S.chengdu)
        let order = try S.open().order
        let recipients = SupervisionRecipients.resolve(intent(.handlingAfter), for: order, policy: S.sichuan.recipients, contacts: contacts)
        #expect(names(recipients) == ["to:cd", "copy:e1-a", "copy:e1-b", "copy:sc"])
    }

    @Test("an escalated dispatch is copied up to the escalation level")
    func escalated() throws {
        let escalated = try expectAccepted(try SupervisionDeadlineTests.gapDispatch(), .tick, by: S.system, at: S.cst(2026, 3, 4)).order
        let toProvince = try expectAccepted(escalated, .tick, by: S.system, at: S.cst(2026, 3, 6)).order
        #expect(toProvince.escalation == .province)
        let recipients = SupervisionRecipients.resolve(intent(.dispatch, escalation: .province), for: toProvince, policy: S.sichuan.recipients, contacts: Self.all)
        #expect(names(recipients) == ["to:e1-a", "to:e1-b", "copy:jj", "copy:cd", "copy:sc"])
    }

    @Test("audiences: enterprise only, or the bureaus only")
    func audiences() throws {
        let order = try S.open().order
        #expect(names(SupervisionRecipients.resolve(intent(.dispatch, .enterprise), for: order, policy: S.sichuan.recipients, contacts: Self.all))
            == ["to:e1-a", "to:e1-b"])
        #expect(names(SupervisionRecipients.resolve(intent(.dispatch, .bureaus), for: order, policy: S.sichuan.recipients, contacts: Self.all))
            == ["to:jj", "copy:cd"])
    }

    @Test("a reassigned order goes to its new bureau")
    func reassigned() throws {
        let moved = try expectAccepted(try S.open().order, .reassign(to: S.qingyang, reason: "属地有误"), by: S.cityOfficer, at: S.monday + 3600).order
        let recipients = SupervisionRecipients.resolve(intent(.handlingAfter), for: moved, policy: S.sichuan.recipients, contacts: Self.all)
        #expect(names(recipients) == ["to:qy", "copy:e1-a", "copy:e1-b", "copy:cd", "copy:sc"])
    }

    @Test("notification variables name the enterprise, outlet, period, value, limit and deadline in China time")
    func variables() throws {
        let dispatch = try S.open(S.finding(hours: 5), at: S.monday + 5 * 3600)
        guard case .notify(let intent) = dispatch.actions.first else { Issue.record("no notification"); return }
        #expect(intent.kind == "dispatch.exceedance")
        #expect(intent.variables == [
            "orderNumber": "DB20260302001", "enterprise": "四川某某发电有限公司", "outlet": "1号炉排口", "type": "超标排放", "stage": "事中调度",
            "period": "3月2日10时", "factor": "二氧化硫", "value": "450.0", "limit": "35.0", "unit": "mg/m³", "deadline": "3月3日24时",
        ])
    }
}
