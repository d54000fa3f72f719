import Domain
import Foundation
import Testing

/// Every command in every status: which transitions are legal, and the refusal code of each
/// illegal one. Then the lifecycle paths from pre-warning to the decision.
struct SupervisionLifecycleTests {
    typealias S = Supervision

    enum Status: String, CaseIterable, Sendable {
        case open, awaitingReply, underReview, replyAccepted, awaitingResponse, investigating, closed, cancelled
    }

    /// An order in each status, reached through legal commands only.
    static func order(in status: Status) throws -> SupervisionOrder {
        let t = S.monday
        let preWarning = try S.open(S.finding(hours: 1), at: t).order
        let dispatch = try S.open(S.finding(hours: 5), at: t + 5 * 3600).order
        func next(_ order: SupervisionOrder, _ command: OrderCommand, _ actor: OrderActor, _ hours: Double) throws -> SupervisionOrder {
            try expectAccepted(order, command, by: actor, at: t + hours * 3600).order
        }
        switch status {
        case .open: return preWarning
        case .awaitingReply: return dispatch
        case .underReview: return try next(dispatch, .submitReply(S.reply), S.enterpriseUser, 6)
        case .replyAccepted:
            return try next(try order(in: .underReview), .acceptReply(note: "措施可行"), S.countyOfficer, 7)
        case .awaitingResponse:
            return try next(dispatch, .advanceStage(to: .handlingAfter, reason: "拒不反馈"), S.countyOfficer, 6)
        case .investigating:
            let assigned = try next(try order(in: .awaitingResponse), .assignInvestigator(.init(investigatorId: "o-jj", investigatorName: "锦江执法员", mode: .onSite)), S.countyOfficer, 7)
            return try next(assigned, .recordInvestigation(.init(mode: .onSite, findings: "现场核实脱硫系统停运", attachments: [], conductedAt: t + 8 * 3600)), S.countyOfficer, 8)
        case .closed:
            let gap = try S.open(S.finding(.missingData, hours: 2, factor: nil), at: t + 2 * 3600).order
            return try next(gap, .clearCondition(reason: "数据恢复上传"), S.system, 3)
        case .cancelled: return try next(preWarning, .cancel(reason: "重复开单"), S.countyOfficer, 2)
        }
    }

    typealias Code = OrderRefusal.Code

    struct Row: Sendable, CustomTestStringConvertible {
        var command: OrderCommand
        var actor: OrderActor
        /// Expected result per status, in `Status.allCases` order: nil means accepted.
        var expected: [Code?]
        var testDescription: String { "\(command.code) by \(actor.role.rawValue)" }
    }

    static let ended: [Code?] = [.orderEnded, .orderEnded]
    static let rows: [Row] = [
        Row(command: .clearCondition(reason: "恢复达标"), actor: S.system,
            expected: [.findingStillDecides, .wrongStage, .wrongStage, .wrongStage, .wrongStage, .wrongStage] + ended),
        Row(command: .submitReply(S.reply), actor: S.enterpriseUser,
            expected: [.wrongStage, nil, .wrongStatus, .wrongStatus, .wrongStage, .wrongStage] + ended),
        Row(command: .acceptReply(note: ""), actor: S.countyOfficer,
            expected: [.wrongStage, .wrongStatus, nil, .wrongStatus, .wrongStage, .wrongStage] + ended),
        Row(command: .returnReply(reason: "请补充检修记录"), actor: S.countyOfficer,
            expected: [.wrongStage, .wrongStatus, nil, .wrongStatus, .wrongStage, .wrongStage] + ended),
        Row(command: .submitResponse(.init(kind: .statement, text: "系设备突发故障", attachments: [])), actor: S.enterpriseUser,
            expected: [.wrongStage, .wrongStage, .wrongStage, .wrongStage, nil, nil] + ended),
        Row(command: .assignInvestigator(.init(investigatorId: "o-jj", investigatorName: "锦江执法员", mode: .remote)), actor: S.countyOfficer,
            expected: [.wrongStage, .wrongStage, .wrongStage, .wrongStage, nil, nil] + ended),
        Row(command: .recordInvestigation(.init(mode: .remote, findings: "调取DCS曲线核实", attachments: [], conductedAt: S.monday)), actor: S.countyOfficer,
            expected: [.wrongStage, .wrongStage, .wrongStage, .wrongStage, .wrongStatus, nil] + ended),
        Row(command: .decide(.noViolation(reason: "补充标记经审核有效")), actor: S.countyOfficer,
            expected: [.wrongStage, .wrongStage, .wrongStage, .wrongStage, .wrongStatus, nil] + ended),
        Row(command: .advanceStage(to: .handlingAfter, reason: "情节严重"), actor: S.countyOfficer,
            expected: [nil, nil, nil, nil, .stageNotForward, .stageNotForward] + ended),
        Row(command: .advanceStage(to: .preWarning, reason: "误升级"), actor: S.countyOfficer,
            expected: [.stageNotForward, .stageNotForward, .stageNotForward, .stageNotForward, .stageNotForward, .stageNotForward] + ended),
        Row(command: .cancel(reason: "重复开单"), actor: S.cityOfficer,
            expected: [nil, nil, nil, nil, nil, nil] + ended),
        Row(command: .reassign(to: S.chengdu, reason: "案情复杂，报市局办理"), actor: S.countyOfficer,
            expected: [nil, nil, nil, nil, nil, nil] + ended),
        Row(command: .addFinding(S.finding(id: "f2", start: S.monday + 3600, hours: 2)), actor: S.system,
            expected: [nil, nil, nil, nil, nil, nil] + ended),
        Row(command: .withdrawFinding(id: "f1", reason: "补标故障经审核有效"), actor: S.system,
            expected: [nil, nil, nil, nil, nil, nil] + ended),
        Row(command: .inhibit(faultFindingId: "fault-1", reason: "分析仪故障"), actor: S.system,
            expected: [nil, nil, nil, nil, nil, nil] + ended),
        Row(command: .tick, actor: S.system, expected: Array(repeating: nil, count: 8)),
        Row(command: .recordDelivery(.init(deliveryId: "d1", channel: "sms", recipient: "138****0001", kind: "x", deliveredAt: S.monday)),
            actor: S.system, expected: Array(repeating: nil, count: 8)),
    ]

    @Test("every command in every status: accepted where legal, refused with the stable code where not", arguments: rows)
    func transitionTable(_ row: Row) throws {
        for (status, expected) in zip(Status.allCases, row.expected) {
            let order = try Self.order(in: status)
            let result = order.handle(row.command, by: row.actor, at: S.monday + 9 * 3600, context: S.context)
            switch (result, expected) {
            case (.success, nil): break
            case (.failure(let refusal), .some(let code)):
                #expect(refusal.code == code, "\(row.command.code) in \(status): \(refusal)")
                #expect(!refusal.reasonZh.isEmpty)
            case (.success(let outcome), .some(let code)):
                Issue.record("\(row.command.code) in \(status) was accepted (\(outcome.transitions)), expected \(code)")
            case (.failure(let refusal), nil):
                Issue.record("\(row.command.code) in \(status) was refused: \(refusal)")
            }
        }
    }

    @Test("the statuses the table builds are the ones it names")
    func fixtureStatuses() throws {
        let expected: [Status: (OrderStage, OrderStatus)] = [
            .open: (.preWarning, .open), .awaitingReply: (.dispatch, .awaitingReply), .underReview: (.dispatch, .underReview),
            .replyAccepted: (.dispatch, .replyAccepted), .awaitingResponse: (.handlingAfter, .awaitingResponse),
            .investigating: (.handlingAfter, .investigating), .closed: (.preWarning, .closed), .cancelled: (.preWarning, .cancelled),
        ]
        for status in Status.allCases {
            let order = try Self.order(in: status)
            #expect((order.stage, order.status) == expected[status]!, "\(status)")
        }
    }

    @Test("pre-warning of a gap: the condition clears, the order closes and the chain head is signed")
    func preWarningClears() throws {
        let opened = try S.open(S.finding(.missingData, hours: 2, factor: nil), at: S.monday + 2 * 3600)
        #expect(opened.order.stage == .preWarning)
        #expect(opened.order.deadlines.isEmpty, "a pre-warning needs no reply")
        let cleared = try expectAccepted(opened.order, .clearCondition(reason: "12时起数据恢复上传"), by: S.system, at: S.monday + 3 * 3600)
        #expect(cleared.order.status == .closed)
        #expect(cleared.order.closure == .conditionCleared(reason: "12时起数据恢复上传"))
        #expect(cleared.actions.contains(.signChainHead(reasonZh: "督办单DB20260302001办结")))
    }

    @Test("an exceedance pre-warning does not close when the values fall back: unmarked, it goes on to handling after")
    func exceedanceKeepsStanding() throws {
        let opened = try S.open()
        let refusal = expectRefused(opened.order, .clearCondition(reason: "11时起达标"), by: S.system, at: S.monday + 3600)
        #expect(refusal?.code == .findingStillDecides)
        #expect(refusal?.reasonZh.contains("须在标记截止时间前经有效标记撤回判定") == true)
        var ended = S.finding(version: 2, hours: 2)
        ended.ongoing = false
        let stopped = try expectAccepted(opened.order, .addFinding(ended), by: S.system, at: S.monday + 2 * 3600).order
        #expect(stopped.stage == .preWarning)
        let after = try expectAccepted(stopped, .tick, by: S.system, at: S.cst(2026, 3, 3, 12))
        #expect(after.order.stage == .handlingAfter, "skips dispatch: the 2 h episode never reached 4 h but stands after the deadline")
    }

    @Test("dispatch of a gap: reply, returned for more, replied again, accepted: closed")
    func dispatchReturnedThenAccepted() throws {
        let opened = try S.open(S.finding(.missingData, hours: 9, factor: nil), at: S.monday + 9 * 3600)
        #expect(opened.order.stage == .dispatch)
        let first = try expectAccepted(opened.order, .submitReply(S.reply), by: S.operations, at: S.monday + 10 * 3600)
        #expect(first.order.status == .underReview)
        #expect(first.order.replies.first?.onTime == true)
        #expect(first.order.deadline(for: .bureauReview)?.due == S.cst(2026, 3, 5))
        #expect(first.notificationKinds == ["reply.submitted"])
        let returned = try expectAccepted(first.order, .returnReply(reason: "请补充数采仪日志"), by: S.countyOfficer, at: S.monday + 11 * 3600)
        #expect(returned.order.status == .awaitingReply)
        #expect(returned.order.deadline(for: .enterpriseReply)?.due == S.cst(2026, 3, 4))
        #expect(returned.order.deadline(for: .bureauReview) == nil)
        let second = try expectAccepted(returned.order, .submitReply(S.reply), by: S.enterpriseUser, at: S.monday + 12 * 3600)
        let accepted = try expectAccepted(second.order, .acceptReply(note: "已补充"), by: S.cityOfficer, at: S.monday + 13 * 3600)
        #expect(accepted.transitions == ["reply_accepted", "closed"])
        #expect(accepted.order.closure == .replyAccepted)
        #expect(accepted.order.replies.count == 2)
    }

    @Test("exceedance from pre-warning to a confirmed violation, replayable event by event")
    func exceedanceToDecision() throws {
        var events: [OrderEvent] = []
        func step(_ outcome: OrderOutcome) -> SupervisionOrder {
            events += outcome.events
            return outcome.order
        }
        var order = step(try S.open(S.finding(hours: 1)))
        order = step(try expectAccepted(order, .addFinding(S.finding(version: 2, hours: 4)), by: S.system, at: S.monday + 4 * 3600))
        #expect(order.stage == .dispatch)
        order = step(try expectAccepted(order, .submitReply(S.reply), by: S.enterpriseUser, at: S.monday + 6 * 3600))
        order = step(try expectAccepted(order, .acceptReply(note: "措施可行"), by: S.countyOfficer, at: S.monday + 7 * 3600))
        #expect(order.status == .replyAccepted, "an exceedance still stands after an accepted reply")
        order = step(try expectAccepted(order, .tick, by: S.system, at: S.cst(2026, 3, 3, 12, 5)))
        #expect(order.stage == .handlingAfter)
        // Tuesday 12:05 + 5 working days → Tuesday 3-10 24:00.
        #expect(order.deadline(for: .enterpriseResponse)?.due == S.cst(2026, 3, 11))
        let t = S.cst(2026, 3, 4, 9)
        order = step(try expectAccepted(order, .submitResponse(.init(kind: .statement, text: "浆液循环泵跳闸导致", attachments: [])), by: S.enterpriseUser, at: t))
        order = step(try expectAccepted(order, .submitResponse(.init(kind: .evidence, text: "检修记录", attachments: [S.attachment])), by: S.operations, at: t + 3600))
        order = step(try expectAccepted(order, .submitResponse(.init(kind: .defence, text: "已及时处置，请求从轻", attachments: [])), by: S.enterpriseUser, at: t + 7200))
        order = step(try expectAccepted(order, .assignInvestigator(.init(investigatorId: "o-jj", investigatorName: "锦江执法员", mode: .onSite)), by: S.countyOfficer, at: t + 8000))
        let report = Investigation.Report(mode: .onSite, findings: "现场核实循环泵跳闸2小时，未及时标记", attachments: [S.attachment], conductedAt: t + 9000)
        order = step(try expectAccepted(order, .recordInvestigation(report), by: S.countyOfficer, at: t + 9000))

        let ticket = OrderDecision.violationConfirmed(caseNumber: "川成锦环罚〔2026〕12号", penaltyTicketNumber: "DZFD2026000123", amountFen: 10_000_000)
        let early = expectRefused(order, .decide(ticket), by: S.countyOfficer, at: t + 10_000)
        #expect(early?.code == .responseWindowOpen)
        #expect(early?.reasonZh.contains("3月10日24时") == true)

        order = step(try expectAccepted(order, .tick, by: S.system, at: S.cst(2026, 3, 11)))
        #expect(order.responseWindowClosed)
        let decided = try expectAccepted(order, .decide(ticket), by: S.countyOfficer, at: S.cst(2026, 3, 11, 10))
        order = step(decided)
        #expect(decided.transitions == ["decided", "closed"])
        #expect(decided.actions.contains(.signChainHead(reasonZh: "督办单DB20260302001处理决定")))
        #expect(decided.notificationKinds == ["decision.violation_confirmed"])
        #expect(order.status == .closed)
        #expect(order.closure == .decided(ticket))
        #expect(ticket.summaryZh.hasSuffix("罚款100000.00元"))
        #expect(order.stageHistory.map(\.stage) == [.preWarning, .dispatch, .handlingAfter])
        #expect(order.responses.map(\.response.kind) == [.statement, .evidence, .defence])

        #expect(events.map(\.sequence) == Array(1...events.count))
        #expect(try SupervisionOrder.replay(events) == order)
    }

    @Test("a confirmation lets the bureau decide at once, and a defence after it is refused")
    func confirmation() throws {
        var order = try Self.order(in: .investigating)
        order = try expectAccepted(order, .submitResponse(.init(kind: .confirmation, text: "确认超标事实", attachments: [])), by: S.enterpriseUser, at: S.monday + 10 * 3600).order
        let defence = expectRefused(order, .submitResponse(.init(kind: .defence, text: "撤回确认", attachments: [])), by: S.enterpriseUser, at: S.monday + 11 * 3600)
        #expect(defence?.code == .alreadyConfirmed)
        let ticket = OrderDecision.violationConfirmed(caseNumber: "案1", penaltyTicketNumber: "票1", amountFen: 5_000_000)
        #expect(try expectAccepted(order, .decide(ticket), by: S.cityOfficer, at: S.monday + 12 * 3600).order.status == .closed)
    }

    @Test("no violation and referral close the order without waiting for the response window",
          arguments: [OrderDecision.noViolation(reason: "补充标记经审核有效"), .referred(to: "成都市公安局锦江区分局", reason: "涉嫌篡改监测数据")])
    func otherDecisions(_ decision: OrderDecision) throws {
        let outcome = try expectAccepted(try Self.order(in: .investigating), .decide(decision), by: S.countyOfficer, at: S.monday + 10 * 3600)
        #expect(outcome.order.closure == .decided(decision))
    }

    @Test("the bureau cannot decide without an investigation report")
    func decideNeedsReport() throws {
        let assigned = try expectAccepted(try Self.order(in: .awaitingResponse), .assignInvestigator(.init(investigatorId: "o-jj", investigatorName: "锦江执法员", mode: .remote)),
                                          by: S.countyOfficer, at: S.monday + 8 * 3600).order
        #expect(expectRefused(assigned, .decide(.noViolation(reason: "x")), by: S.countyOfficer, at: S.monday + 9 * 3600)?.code == .noInvestigationReport)
    }

    @Test("a withdrawn judgment cancels an order before handling after and closes it during")
    func withdrawal() throws {
        let dispatch = try Self.order(in: .awaitingReply)
        let cancelled = try expectAccepted(dispatch, .withdrawFinding(id: "f1", reason: "企业补标「故障」经审核有效"), by: S.system, at: S.monday + 9 * 3600)
        #expect(cancelled.transitions == ["finding_withdrawn", "cancelled"])
        #expect(cancelled.order.status == .cancelled)
        #expect(cancelled.order.closure == .cancelled(reason: "判定已撤回：企业补标「故障」经审核有效"))
        let handling = try Self.order(in: .investigating)
        let closed = try expectAccepted(handling, .withdrawFinding(id: "f1", reason: "迟到的标记经审核有效"), by: S.system, at: S.monday + 9 * 3600)
        #expect(closed.order.status == .closed)
        #expect(closed.order.closure == .judgmentWithdrawn(reason: "迟到的标记经审核有效"))
        #expect(closed.actions.contains { if case .signChainHead = $0 { true } else { false } })
    }

    @Test("withdrawing one of two grouped findings keeps the order; an unknown finding is refused")
    func partialWithdrawal() throws {
        let grown = try expectAccepted(try Self.order(in: .awaitingReply), .addFinding(S.finding(id: "f2", start: S.monday + 3600, hours: 2, factor: "a21002")),
                                       by: S.system, at: S.monday + 6 * 3600).order
        let one = try expectAccepted(grown, .withdrawFinding(id: "f1", reason: "标记有效"), by: S.system, at: S.monday + 7 * 3600)
        #expect(one.order.status == .awaitingReply)
        #expect(one.order.findings.map(\.id) == ["f2"])
        #expect(one.order.withdrawnFindingIds == ["f1"])
        #expect(expectRefused(one.order, .withdrawFinding(id: "f1", reason: "再撤"), by: S.system, at: S.monday + 8 * 3600)?.code == .unknownFinding)
    }

    @Test("findings: a stale version and a finding of another outlet or type are refused")
    func findingChecks() throws {
        let order = try Self.order(in: .awaitingReply)
        #expect(expectRefused(order, .addFinding(S.finding(version: 1, hours: 6)), by: S.system, at: S.monday + 6 * 3600)?.code == .duplicate)
        #expect(expectRefused(order, .addFinding(S.finding(id: "f9", outlet: "DA002")), by: S.system, at: S.monday + 6 * 3600)?.code == .findingMismatch)
        #expect(expectRefused(order, .addFinding(S.finding(.missingData, id: "f9")), by: S.system, at: S.monday + 6 * 3600)?.code == .findingMismatch)
        var reversed = S.finding(id: "f9")
        reversed.end = reversed.start - 60
        #expect(expectRefused(order, .addFinding(reversed), by: S.system, at: S.monday + 6 * 3600)?.reasonZh == "发现「f9」的结束时间早于开始时间")
    }

    @Test("bad input is refused with a specific reason", arguments: [
        (OrderCommand.submitReply(.init(whatHappened: " ", actionsTaken: "检修", attachments: [])), "反馈须说明发生了什么（情况说明不能为空）"),
        (.submitReply(.init(whatHappened: "跳闸", actionsTaken: "", attachments: [])), "反馈须说明采取了哪些措施"),
        (.submitReply(.init(whatHappened: "跳闸", actionsTaken: "检修", attachments: [.init(fileName: "a.pdf", sha256: "ABC", sizeBytes: 1, kind: "photo")])),
         "附件「a.pdf」的SHA-256须为64位小写十六进制"),
        (.submitReply(.init(whatHappened: "跳闸", actionsTaken: "检修", attachments: [.init(fileName: "../a.pdf", sha256: String(repeating: "a", count: 64), sizeBytes: 1, kind: "photo")])),
         "附件文件名「../a.pdf」不能含路径"),
        (.submitReply(.init(whatHappened: "跳闸", actionsTaken: "检修", attachments: [.init(fileName: "a.pdf", sha256: String(repeating: "a", count: 64), sizeBytes: 0, kind: "photo")])),
         "附件「a.pdf」的大小须大于0字节"),
        (.submitReply(.init(whatHappened: "跳闸", actionsTaken: "检修", attachments: [S.attachment, S.attachment])), "附件「脱硫检修记录.pdf」重复提交"),
    ])
    func badReplies(command: OrderCommand, reason: String) throws {
        let refusal = expectRefused(try Self.order(in: .awaitingReply), command, by: S.enterpriseUser, at: S.monday + 6 * 3600)
        #expect(refusal == OrderRefusal(.invalidInput, reason))
    }

    @Test("bad decisions and empty reasons are refused", arguments: [
        (OrderCommand.decide(.violationConfirmed(caseNumber: "案1", penaltyTicketNumber: "票1", amountFen: 0)), "罚款金额须大于0"),
        (.decide(.violationConfirmed(caseNumber: " ", penaltyTicketNumber: "票1", amountFen: 1)), "违法事实成立须填写立案号"),
        (.decide(.violationConfirmed(caseNumber: "案1", penaltyTicketNumber: "", amountFen: 1)), "违法事实成立须填写电子罚单号"),
        (.decide(.noViolation(reason: "")), "不构成违法的决定须说明理由"),
        (.decide(.referred(to: "", reason: "x")), "移送须写明接收机关"),
        (.cancel(reason: "  "), "撤销须说明原因"),
        (.reassign(to: Supervision.chengdu, reason: ""), "改派须说明原因"),
        (.reassign(to: JurisdictionPath(province: "510000", city: "510100", county: "520104"), reason: "x"), "改派目标辖区代码有误：县级：县级代码前四位须与上级市一致"),
    ])
    func badOfficerInput(command: OrderCommand, reason: String) throws {
        let refusal = expectRefused(try Self.order(in: .investigating), command, by: S.provinceOfficer, at: S.monday + 10 * 3600)
        #expect(refusal == OrderRefusal(.invalidInput, reason))
    }

    @Test("evidence needs an attachment; the system ignores a duplicate delivery receipt")
    func evidenceAndDeliveries() throws {
        let order = try Self.order(in: .awaitingResponse)
        #expect(expectRefused(order, .submitResponse(.init(kind: .evidence, text: "见附件", attachments: [])), by: S.enterpriseUser, at: S.monday + 8 * 3600)
            == OrderRefusal(.invalidInput, "举证须至少附一个附件"))
        let receipt = OrderDelivery(deliveryId: "d1", channel: "sms", recipient: "138****0001", kind: "handling_after.exceedance", deliveredAt: S.monday)
        let once = try expectAccepted(order, .recordDelivery(receipt), by: S.system, at: S.monday + 8 * 3600).order
        #expect(once.deliveries == [receipt])
        #expect(expectRefused(once, .recordDelivery(receipt), by: S.system, at: S.monday + 9 * 3600)?.code == .duplicate)
    }

    @Test("an order is handled only under the ruleset it opened with")
    func rulesetMismatch() throws {
        let national = SupervisionContext(ruleset: S.rules.ruleset(id: "national-2023")!, calendar: S.calendar)
        let refusal = expectRefused(try Self.order(in: .open), .tick, by: S.system, at: S.monday, context: national)
        #expect(refusal?.code == .rulesetMismatch)
    }

    @Test("replay refuses a history whose recorded status does not follow, or that is out of sequence")
    func replayChecks() throws {
        var events = try S.open().events
        events += try expectAccepted(try S.open().order, .cancel(reason: "重复"), by: S.cityOfficer, at: S.monday + 3600).events
        #expect(try SupervisionOrder.replay(events).status == .cancelled)
        var forged = events
        forged[1].status = .open
        #expect(throws: SupervisionOrder.ReplayError.self) { try SupervisionOrder.replay(forged) }
        var skipped = events
        skipped[1].sequence = 3
        #expect(throws: SupervisionOrder.ReplayError(sequence: 3, reasonZh: "序号应为2")) { try SupervisionOrder.replay(skipped) }
        #expect(throws: SupervisionOrder.ReplayError.self) { try SupervisionOrder.replay(Array(events.dropFirst())) }
    }

    @Test("events round-trip through JSON and replay to the same order")
    func eventsAreCodable() throws {
        var events = try S.open(S.finding(hours: 5), at: S.monday + 5 * 3600).events
        let opened = try SupervisionOrder.replay(events)
        let replied = try expectAccepted(opened, .submitReply(S.reply), by: S.enterpriseUser, at: S.monday + 6 * 3600)
        events += replied.events
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let decoded = try decoder.decode([OrderEvent].self, from: encoder.encode(events))
        #expect(decoded == events)
        #expect(try SupervisionOrder.replay(decoded) == replied.order)
    }
}
