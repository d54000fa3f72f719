import Domain
import Foundation
import Testing

/// Role and jurisdiction: every transition checks who asks, and refuses with the reason.
struct SupervisionPermissionTests {
    typealias S = Supervision
    typealias Status = SupervisionLifecycleTests.Status

    static func order(_ status: Status) throws -> SupervisionOrder { try SupervisionLifecycleTests.order(in: status) }

    @Test("system-only commands are refused to people", arguments: [S.enterpriseUser, S.operations, S.countyOfficer, S.provinceOfficer])
    func systemOnly(actor: OrderActor) throws {
        let order = try Self.order(.awaitingReply)
        let commands: [OrderCommand] = [
            .addFinding(S.finding(id: "f2")), .withdrawFinding(id: "f1", reason: "x"), .clearCondition(reason: "x"), .tick,
            .inhibit(faultFindingId: "x", reason: "x"), .liftInhibition(faultFindingId: "x", outcome: .resolved),
            .recordDelivery(.init(deliveryId: "d", channel: "sms", recipient: "x", kind: "k", deliveredAt: S.monday)),
        ]
        for command in commands {
            let refusal = expectRefused(order, command, by: actor, at: S.monday + 6 * 3600)
            #expect(refusal == OrderRefusal(.roleNotAllowed, "\(actor.role.nameZh)不能\(command.nameZh)"))
        }
        let opening = SupervisionOrder.open(S.request(S.finding()), by: actor, at: S.monday, context: S.context)
        #expect(throws: OrderRefusal.self) { try opening.get() }
    }

    @Test("officers and the system cannot reply for the enterprise", arguments: [S.countyOfficer, S.cityOfficer, S.system])
    func onlyEnterpriseReplies(actor: OrderActor) throws {
        let refusal = expectRefused(try Self.order(.awaitingReply), .submitReply(S.reply), by: actor, at: S.monday + 6 * 3600)
        #expect(refusal?.code == .roleNotAllowed)
        #expect(refusal?.reasonZh == "\(actor.role.nameZh)不能提交反馈")
    }

    @Test("another enterprise's user or O&M operator cannot reply", arguments: [S.otherEnterpriseUser, S.otherOperations])
    func otherEnterprise(actor: OrderActor) throws {
        let refusal = expectRefused(try Self.order(.awaitingReply), .submitReply(S.reply), by: actor, at: S.monday + 6 * 3600)
        #expect(refusal == OrderRefusal(.notOwnEnterprise, "督办单DB20260302001属于四川某某发电有限公司，您无权代其提交反馈"))
    }

    @Test("the O&M operator may reply and bring evidence, but not state, defend or confirm in the enterprise's name")
    func operationsStaffLimits() throws {
        #expect(try expectAccepted(try Self.order(.awaitingReply), .submitReply(S.reply), by: S.operations, at: S.monday + 6 * 3600).order.status == .underReview)
        let handling = try Self.order(.awaitingResponse)
        _ = try expectAccepted(handling, .submitResponse(.init(kind: .evidence, text: "运维记录", attachments: [S.attachment])), by: S.operations, at: S.monday + 7 * 3600)
        for kind in [HandlingResponse.Kind.statement, .defence, .confirmation] {
            let refusal = expectRefused(handling, .submitResponse(.init(kind: kind, text: "x", attachments: [])), by: S.operations, at: S.monday + 7 * 3600)
            #expect(refusal == OrderRefusal(.roleNotAllowed, "运维人员只能举证；陈述、申辩、确认须由企业本身作出"))
        }
        #expect(expectRefused(handling, .submitResponse(.init(kind: .statement, text: "x", attachments: [])), by: S.countyOfficer, at: S.monday + 7 * 3600)?.code == .roleNotAllowed)
    }

    @Test("the assigned county, its city and its province may act; a neighbouring county or another city may not")
    func jurisdiction() throws {
        let order = try Self.order(.underReview)
        for officer in [S.countyOfficer, S.cityOfficer, S.provinceOfficer] {
            _ = try expectAccepted(order, .acceptReply(note: ""), by: officer, at: S.monday + 7 * 3600)
        }
        for officer in [S.otherCountyOfficer, S.otherCityOfficer] {
            let refusal = expectRefused(order, .acceptReply(note: ""), by: officer, at: S.monday + 7 * 3600)
            #expect(refusal?.code == .outsideJurisdiction)
            #expect(refusal?.reasonZh == "督办单DB20260302001由510104承办，不在您所在部门\(officer.jurisdiction!.code)的管辖范围内，不能审核通过")
        }
        for actor in [S.enterpriseUser, S.operations, S.system] {
            #expect(expectRefused(order, .acceptReply(note: ""), by: actor, at: S.monday + 7 * 3600)?.code == .roleNotAllowed)
        }
    }

    @Test("officer commands check jurisdiction for each of them", arguments: [
        OrderCommand.returnReply(reason: "x"), .cancel(reason: "x"), .advanceStage(to: .handlingAfter, reason: "x"),
        .reassign(to: Supervision.qingyang, reason: "x"),
    ])
    func officerCommandsCheckJurisdiction(command: OrderCommand) throws {
        #expect(expectRefused(try Self.order(.underReview), command, by: S.otherCountyOfficer, at: S.monday + 7 * 3600)?.code == .outsideJurisdiction)
    }

    @Test("only the assigned investigator records findings")
    func investigatorOnly() throws {
        let order = try Self.order(.investigating)
        let report = Investigation.Report(mode: .remote, findings: "补充调查", attachments: [], conductedAt: S.monday)
        let refusal = expectRefused(order, .recordInvestigation(report), by: S.cityOfficer, at: S.monday + 10 * 3600)
        #expect(refusal == OrderRefusal(.notAssignedInvestigator, "调查结果须由指派的调查人员锦江执法员录入"))
        let reassigned = try expectAccepted(order, .assignInvestigator(.init(investigatorId: "o-cd", investigatorName: "成都执法员", mode: .onSite)),
                                            by: S.cityOfficer, at: S.monday + 10 * 3600)
        #expect(reassigned.events.first?.reasonZh == "指派成都执法员开展现场调查（原调查人员锦江执法员）")
        _ = try expectAccepted(reassigned.order, .recordInvestigation(report), by: S.cityOfficer, at: S.monday + 11 * 3600)
        #expect(expectRefused(reassigned.order, .recordInvestigation(report), by: S.countyOfficer, at: S.monday + 11 * 3600)?.code == .notAssignedInvestigator)
    }

    @Test("reassignment: up to the superior or within the officer's area, keeping the history; the old county loses the order")
    func reassignment() throws {
        let order = try Self.order(.awaitingResponse)
        // The county hands the order up to its city.
        let up = try expectAccepted(order, .reassign(to: S.chengdu, reason: "案情复杂，报市局"), by: S.countyOfficer, at: S.monday + 7 * 3600)
        #expect(up.order.assignedBureau == S.chengdu)
        #expect(up.order.previousBureaus == [S.jinjiang])
        #expect(up.order.escalation == .city)
        #expect(up.events.first?.reasonZh == "由510104改派至510100：案情复杂，报市局")
        // … after which the county may no longer act on it.
        #expect(expectRefused(up.order, .cancel(reason: "x"), by: S.countyOfficer, at: S.monday + 8 * 3600)?.code == .outsideJurisdiction)
        // A county cannot hand it sideways to a neighbour.
        let sideways = expectRefused(order, .reassign(to: S.qingyang, reason: "属地有误"), by: S.countyOfficer, at: S.monday + 7 * 3600)
        #expect(sideways == OrderRefusal(.outsideJurisdiction, "改派目标510105不在您的辖区内，也不是当前承办部门510104的上级"))
        // The city can, and the neighbour then acts.
        let moved = try expectAccepted(order, .reassign(to: S.qingyang, reason: "属地有误"), by: S.cityOfficer, at: S.monday + 7 * 3600)
        _ = try expectAccepted(moved.order, .assignInvestigator(.init(investigatorId: "o-qy", investigatorName: "青羊执法员", mode: .remote)),
                               by: S.otherCountyOfficer, at: S.monday + 8 * 3600)
        #expect(expectRefused(moved.order, .reassign(to: S.qingyang, reason: "x"), by: S.cityOfficer, at: S.monday + 8 * 3600)?.code == .duplicate)
    }

    @Test("an order cannot be opened for a bureau that does not govern the enterprise")
    func openingBureau() {
        var request = S.request(S.finding())
        request.assignedBureau = S.qingyang
        let result = SupervisionOrder.open(request, by: S.system, at: S.monday, context: S.context)
        #expect(throws: OrderRefusal(.invalidInput, "承办部门510105不管辖企业所在地510104")) { try result.get() }
    }

    @Test("actors decode only in consistent shapes")
    func actorCoding() throws {
        let decoder = JSONDecoder()
        let officer = try JSONEncoder().encode(S.cityOfficer)
        #expect(try decoder.decode(OrderActor.self, from: officer) == S.cityOfficer)
        #expect(S.cityOfficer.label == "city_officer:o-cd")
        let wrongLevel = #"{"id": "x", "name": "x", "role": "county_officer", "jurisdiction": {"province": "510000", "city": "510100"}}"#
        #expect(throws: DecodingError.self) { try decoder.decode(OrderActor.self, from: Data(wrongLevel.utf8)) }
        let noEnterprise = #"{"id": "x", "name": "x", "role": "enterprise_user"}"#
        #expect(throws: DecodingError.self) { try decoder.decode(OrderActor.self, from: Data(noEnterprise.utf8)) }
        let countyWithoutCity = #"{"province": "510000", "county": "510104"}"#
        #expect(throws: DecodingError.self) { try decoder.decode(JurisdictionPath.self, from: Data(countyWithoutCity.utf8)) }
    }

    @Test("jurisdiction paths: covering, parents, truncation")
    func paths() {
        #expect(S.province.covers(S.jinjiang) && S.chengdu.covers(S.jinjiang) && S.jinjiang.covers(S.jinjiang))
        #expect(!S.jinjiang.covers(S.chengdu) && !S.qingyang.covers(S.jinjiang) && !S.mianyang.covers(S.jinjiang))
        #expect(S.jinjiang.parent == S.chengdu && S.chengdu.parent == S.province && S.province.parent == nil)
        #expect(S.jinjiang.truncated(to: .city) == S.chengdu && S.chengdu.truncated(to: .county) == nil)
        #expect(S.jinjiang.problem == nil)
        #expect(JurisdictionPath(province: "510100").problem == "省级：省级代码须以 0000 结尾")
    }
}
