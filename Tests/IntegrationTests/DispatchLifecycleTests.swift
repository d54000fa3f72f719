import Bus
import Domain
import Foundation
import Runtime
import Simulation
import Testing

/// Issue 7 through the real processes: a frame over the limit opens a pre-warning; commands on
/// duban.commands take the order through dispatch (enterprise reply, bureau review) and handling
/// after (statement, investigation, decision), with Dispatch SIGKILLed before a commit and
/// restarted on the way; an officer of another county is refused with its code.
@Suite("DispatchLifecycleTests", .serialized, .timeLimit(.minutes(10)))
struct DispatchLifecycleTests {
    static let enterpriseId = "E-TP-01"
    /// 成都市 covers 金堂县 (510121), where the sample enterprise is, whichever of the two the
    /// order is assigned to.
    static let cityOfficer = OrderActor.officer(id: "o-cd-01", name: "成都市局执法员",
                                                jurisdiction: JurisdictionPath(province: "510000", city: "510100"))
    static let otherCountyOfficer = OrderActor.officer(id: "o-ls-01", name: "五通桥区执法员",
                                                       jurisdiction: JurisdictionPath(province: "510000", city: "511100", county: "511112"))
    static let enterpriseUser = OrderActor.enterpriseUser(id: "u-tp-01", name: "李秀英", enterpriseId: enterpriseId)

    @Test("pre-warning → dispatch → handling after → decision: every order event exactly once on duban.orders and in PostgreSQL, with Dispatch killed before a commit and restarted; another county's officer refused with outside_jurisdiction")
    func lifecycle() async throws {
        let stack = try await Stack(name: "lifecycle")
        defer { stack.stop() }
        try await stack.startAllServices()
        let commands = try CommandSender(stack: stack)
        defer { Task { await commands.close() } }

        #expect(try ThinPathTests.send(try ThinPathTests.frame(hour: DeviceFrames.lastFullHour()), to: stack) != nil)
        try await stack.eventually("the pre-warning") { try stack.count("SELECT count(*) FROM dispatch.orders WHERE stage = 'pre_warning'") == 1 }
        let orderId = try stack.sql("SELECT id FROM dispatch.orders").trimmingCharacters(in: .whitespacesAndNewlines)
        let number = try stack.sql("SELECT number FROM dispatch.orders").trimmingCharacters(in: .whitespacesAndNewlines)
        func events() throws -> Int { try stack.count("SELECT count(*) FROM dispatch.order_events WHERE order_id = '\(orderId)'") }
        func status() throws -> String { try stack.sql("SELECT stage || '/' || status FROM dispatch.orders").trimmingCharacters(in: .whitespacesAndNewlines) }
        /// Sends a command and waits until the order shows `expected` (stage/status) with more events.
        func apply(_ command: OrderCommand, by actor: OrderActor, reference: String? = nil, expecting expected: String) async throws {
            let before = try events()
            try await commands.send(order: reference ?? orderId, actor: actor, command: command)
            try await stack.eventually("\(command.code) → \(expected)") { try events() > before && status() == expected }
        }

        // Another county's officer may not touch the order: refused, recorded, published, nothing changed.
        let eventsBefore = try events()
        let refusedId = try await commands.send(order: number, actor: Self.otherCountyOfficer, command: .cancel(reason: "越权测试"))
        try await stack.eventually("the refusal recorded") {
            try stack.count("SELECT count(*) FROM dispatch.command_refusals WHERE command_id = '\(refusedId)' AND code = 'outside_jurisdiction'") == 1
        }
        #expect(try events() == eventsBefore)
        #expect(try status() == "pre_warning/open")

        try await apply(.advanceStage(to: .dispatch, reason: "持续超标，转入事中调度"), by: Self.cityOfficer, reference: number,
                        expecting: "dispatch/awaiting_reply")
        try await apply(.submitReply(EnterpriseReply(whatHappened: "脱硫浆液循环泵跳闸", actionsTaken: "已切换备用泵，排放恢复正常", attachments: [])),
                        by: Self.enterpriseUser, expecting: "dispatch/under_review")

        // Dispatch stops right before committing the bureau's review; SIGKILL, restart, and the
        // review is applied exactly once.
        let marker = "\(stack.runDirectory)/dispatch.fault"
        #expect(try #require(stack.process("dispatch")).terminate() == 0)
        try await stack.startService("dispatch", extra: ["DUBAN_FAULT_POINT": "dispatch.before_commit", "DUBAN_FAULT_MARKER": marker])
        func accepted() throws -> Int {
            try stack.count("SELECT count(*) FROM dispatch.order_events WHERE order_id = '\(orderId)' AND transition = 'reply_accepted'")
        }
        try await commands.send(order: orderId, actor: Self.cityOfficer, command: .acceptReply(note: "整改措施可行"))
        try await stack.eventually("Dispatch at its fault point") { FileManager.default.fileExists(atPath: marker) }
        stack.process("dispatch")?.kill9()
        #expect(try accepted() == 0, "nothing of the interrupted transaction is visible")
        try await stack.startService("dispatch")
        try await stack.eventually("the review after restart") { try status() == "dispatch/reply_accepted" }
        #expect(try accepted() == 1)

        try await apply(.advanceStage(to: .handlingAfter, reason: "超标事实需调查处理"), by: Self.cityOfficer,
                        expecting: "handling_after/awaiting_response")
        try await apply(.submitResponse(HandlingResponse(kind: .statement, text: "超标系设备故障所致，已修复", attachments: [])),
                        by: Self.enterpriseUser, expecting: "handling_after/awaiting_response")
        try await apply(.assignInvestigator(Investigation.Assignment(investigatorId: Self.cityOfficer.id, investigatorName: Self.cityOfficer.name,
                                                                     mode: .onSite)),
                        by: Self.cityOfficer, expecting: "handling_after/investigating")
        try await apply(.recordInvestigation(Investigation.Report(mode: .onSite, findings: "现场核实：备用泵运行，排放达标", attachments: [],
                                                                  conductedAt: Date())),
                        by: Self.cityOfficer, expecting: "handling_after/investigating")
        try await apply(.decide(.noViolation(reason: "设备突发故障，及时处置，未造成持续超标")), by: Self.cityOfficer,
                        expecting: "handling_after/closed")

        // The decision signed the chain head.
        let total = try events()
        #expect(try stack.count("SELECT count(*) FROM dispatch.chain_heads WHERE order_id = '\(orderId)' AND sequence = \(total)") == 1)

        // Each event exactly once on duban.orders, in order, the same as in PostgreSQL; the refusal too.
        let reader = try TopicReader(stack: stack, topic: BusTopics.orders)
        defer { Task { await reader.close() } }
        let published = try await reader.read(until: { read in
            read.filter { $0["type"] as? String == EventType.orderEvent }.count >= total
                && read.contains { $0["type"] as? String == OrderCommandMessage.refusedEventType }
        })
        try await reader.settle(for: .seconds(3))
        let orderEvents = reader.events.filter { $0["type"] as? String == EventType.orderEvent }
        let ids = orderEvents.compactMap { $0["id"] as? String }
        #expect(ids.count == total)
        #expect(Set(ids).count == ids.count, "an order event was published twice")
        #expect(orderEvents.compactMap { $0.data["sequence"] as? Int } == Array(1...total))
        let stored = try stack.sql("SELECT string_agg(transition, ',' ORDER BY sequence) FROM dispatch.order_events WHERE order_id = '\(orderId)'")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(orderEvents.compactMap { $0.data["transition"] as? String }.joined(separator: ",") == stored)
        for transition in ["opened", "stage_advanced", "reply_submitted", "reply_accepted", "response_submitted",
                           "investigator_assigned", "investigation_recorded", "decided", "closed"] {
            #expect(stored.split(separator: ",").contains(Substring(transition)), "no \(transition) event")
        }
        #expect(stored.split(separator: ",").filter { $0 == "reply_accepted" }.count == 1)
        // Hashes link: each event's previous hash is the one before it.
        #expect(try stack.count("""
            SELECT count(*) FROM dispatch.order_events e JOIN dispatch.order_events p
              ON p.order_id = e.order_id AND p.sequence = e.sequence - 1
            WHERE e.order_id = '\(orderId)' AND e.previous_hash <> p.hash
            """) == 0)
        let refusal = try #require(published.first { $0["type"] as? String == OrderCommandMessage.refusedEventType })
        #expect(refusal.data["code"] as? String == "outside_jurisdiction")
        #expect((refusal.data["reasonZh"] as? String)?.contains("管辖") == true)

        // duban-ctl orders stats counts the order where it ended.
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(try stack.ctlOutput(["orders", "stats"]).utf8)) as? [String: Any])
        #expect(figures["orders"] as? Int == 1)
        #expect((figures["byStage"] as? [String: Int])?["handling_after"] == 1)
        #expect((figures["byStatus"] as? [String: Int])?["closed"] == 1)
        #expect((figures["replyRate"] as? [String: Any])?["numerator"] as? Int == 1)
        #expect((figures["confirmedShare"] as? [String: Any])?["denominator"] as? Int == 1)
        // The enterprise's industry and city come from the registry.
        #expect((figures["byIndustry"] as? [String: Int])?["thermal-power"] == 1)
        #expect((figures["byCity"] as? [String: Int])?["510100"] == 1)
    }

    @Test("an overdue reply deadline escalates exactly once with two Dispatch replicas ticking every second")
    func overdueEscalation() async throws {
        let stack = try await Stack(name: "deadlines")
        defer { stack.stop() }
        for service in Stack.serviceNames where service != "dispatch" { try await stack.startService(service) }
        let fastTicks = ["DUBAN_DISPATCH_TICK_INTERVAL": "1s", "DUBAN_DISPATCH_SIGN_INTERVAL": "1s"]
        try await stack.startService("dispatch", extra: fastTicks)
        // A second replica in the same consumer group, ticking the same orders.
        let replica = try ManagedProcess(
            name: "dispatch-2", executable: "\(stack.binDirectory)/duban-dispatch",
            environment: stack.environment(for: "dispatch", extra: fastTicks.merging(["DUBAN_OPS_PORT_FILE": "\(stack.runDirectory)/dispatch-2.ops.port"]) { _, new in new }),
            logDirectory: stack.runDirectory)
        defer { _ = replica.terminate() }
        _ = try await Stack.waitForFile("\(stack.runDirectory)/dispatch-2.ops.port", timeout: .seconds(60), while: replica)
        let commands = try CommandSender(stack: stack)
        defer { Task { await commands.close() } }

        #expect(try ThinPathTests.send(try ThinPathTests.frame(hour: DeviceFrames.lastFullHour()), to: stack) != nil)
        try await stack.eventually("the pre-warning") { try stack.count("SELECT count(*) FROM dispatch.orders") == 1 }
        let orderId = try stack.sql("SELECT id FROM dispatch.orders").trimmingCharacters(in: .whitespacesAndNewlines)
        try await commands.send(order: orderId, actor: Self.cityOfficer, command: .advanceStage(to: .dispatch, reason: "转入事中调度"))
        try await stack.eventually("dispatch") { try stack.count("SELECT count(*) FROM dispatch.orders WHERE status = 'awaiting_reply'") == 1 }
        #expect(try stack.count("SELECT count(*) FROM dispatch.orders WHERE next_check > now()") == 1, "the reply deadline is scheduled")

        // Time passes: the reply deadline (the order's only one) moves an hour into the past, as
        // if the working day had gone by; the order is due for a check now.
        _ = try stack.sql("""
            UPDATE dispatch.orders SET next_check = now() - interval '1 second',
              state = jsonb_set(state, '{deadlines,0,due}', to_jsonb(extract(epoch FROM now() - interval '1 hour') - 978307200))
            WHERE id = '\(orderId)' AND state->'deadlines'->0->>'duty' = 'enterprise_reply'
            """)
        // An order whose ruleset is no longer configured, due first: it must not hold up the others.
        _ = try stack.sql("""
            INSERT INTO dispatch.orders (id, number, episode_id, stage, status, cause, enterprise_id, outlet_id, factor,
                                         judgment_version, opened_at, updated_at, state, ruleset_id, next_check)
            SELECT 'broken', 'DB-BROKEN', 'broken-episode', stage, status, cause, enterprise_id, outlet_id, factor, judgment_version,
                   opened_at, updated_at, jsonb_set(state, '{rulesetId}', '"retired-ruleset"'), 'retired-ruleset', now() - interval '1 day'
            FROM dispatch.orders WHERE id = '\(orderId)'
            """)
        func transitions(_ name: String) throws -> Int {
            try stack.count("SELECT count(*) FROM dispatch.order_events WHERE order_id = '\(orderId)' AND transition = '\(name)'")
        }
        try await stack.eventually("the escalation") { try transitions("escalated") == 1 }
        #expect(try stack.count("SELECT count(*) FROM dispatch.orders WHERE id = 'broken' AND next_check IS NULL") == 1)
        try await Task.sleep(for: .seconds(4))
        #expect(try transitions("escalated") == 1, "escalated twice")
        #expect(try stack.count("""
            SELECT count(*) FROM dispatch.orders WHERE id = '\(orderId)' AND next_check > now()
              AND (state->'deadlines'->0->>'escalations')::int = 1
            """) == 1, "the renewed deadline is scheduled")
        // Each reminder offset at most once, and the Bureau above is told of the escalation.
        #expect(try stack.count("""
            SELECT count(*) FROM (SELECT event->'change' AS c FROM dispatch.order_events
              WHERE order_id = '\(orderId)' AND transition = 'reminder_issued') r
            """) <= 2)
        #expect(try stack.count("SELECT count(*) FROM dispatch.outbox WHERE topic = 'duban.notifications' AND event_id LIKE '%:overdue.enterprise_reply'") >= 1)
        #expect(replica.isRunning)

        // Heads are also signed at intervals, with the configured key: the stack's seed is RFC
        // 8032's first test vector, whose public key is known.
        let newest = try stack.count("SELECT max(sequence) FROM dispatch.order_events WHERE order_id = '\(orderId)'")
        try await stack.eventually("the newest head signed") {
            try stack.count("SELECT count(*) FROM dispatch.chain_heads WHERE order_id = '\(orderId)' AND sequence = \(newest)") == 1
        }
        #expect(try stack.sql("SELECT DISTINCT public_key FROM dispatch.chain_heads").trimmingCharacters(in: .whitespacesAndNewlines)
            == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        #expect(try stack.count("SELECT count(*) FROM dispatch.chain_heads WHERE length(signature) = 128 AND reason = '定时签名'") >= 1)
    }

    @Test("a withdrawn judgment (a mark accepted late) cancels its pre-warning with the reason, once")
    func withdrawnJudgment() async throws {
        let stack = try await Stack(name: "withdrawn")
        defer { stack.stop() }
        try await stack.startAllServices()
        #expect(try ThinPathTests.send(try ThinPathTests.frame(hour: DeviceFrames.lastFullHour()), to: stack) != nil)
        try await stack.eventually("the pre-warning") { try stack.count("SELECT count(*) FROM dispatch.orders WHERE status = 'open'") == 1 }

        // Judgment publishes a new version of the episode with status withdrawn when a mark
        // explains it; here the test publishes it, built from the judgment Judgment published.
        let judgments = try TopicReader(stack: stack, topic: BusTopics.judgments)
        defer { Task { await judgments.close() } }
        let read = try await judgments.read(until: { $0.contains { $0["type"] as? String == EventType.exceedance } })
        var event = try #require(read.first { $0["type"] as? String == EventType.exceedance })
        var data = event.data
        let version = try #require(data["version"] as? Int)
        data["version"] = version + 1
        data["status"] = "withdrawn"
        event["data"] = data
        event["id"] = "\(event["id"] as? String ?? "judgment")-withdrawn"
        let bytes = [UInt8](try JSONSerialization.data(withJSONObject: event))
        let producer = try Producer(configuration: KafkaConfiguration(bootstrapServers: stack.bootstrap, clientID: "it-judgments"),
                                    logger: Logger(label: "it.judgments", level: .warning))
        for _ in 0..<2 {  // sent twice: the second is recognised as a duplicate
            _ = try await producer.send(OutgoingRecord(topic: BusTopics.judgments, key: Array((data["outletId"] as? String ?? "").utf8), value: bytes))
        }
        await producer.close()

        try await stack.eventually("the order cancelled") { try stack.count("SELECT count(*) FROM dispatch.orders WHERE status = 'cancelled'") == 1 }
        try await Task.sleep(for: .seconds(2))
        #expect(try stack.count("SELECT count(*) FROM dispatch.order_events WHERE transition = 'finding_withdrawn'") == 1)
        #expect(try stack.count("SELECT count(*) FROM dispatch.order_events WHERE transition = 'cancelled' AND canonical LIKE '%判定已撤回%'") == 1)
        // Ending an order signs its chain head.
        #expect(try stack.count("SELECT count(*) FROM dispatch.chain_heads") == 1)
    }
}

/// Publishes `cn.duban.order.command.v1` events on duban.commands, as Portal and duban-ctl do.
final class CommandSender: @unchecked Sendable {
    // @unchecked Sendable: used by one test task at a time.
    private let producer: Producer

    init(stack: Stack) throws {
        producer = try Producer(configuration: KafkaConfiguration(bootstrapServers: stack.bootstrap, clientID: "it-commands"),
                                logger: Logger(label: "it.commands", level: .warning))
    }

    @discardableResult
    func send(order: String, actor: OrderActor, command: OrderCommand) async throws -> String {
        let message = OrderCommandMessage(commandId: UUID().uuidString.lowercased(), order: order, actor: actor, command: command,
                                          issuedAt: Date())
        let event = CloudEvent(id: message.commandId, source: "/duban/it", type: OrderCommandMessage.eventType, time: Date(),
                               subject: order, data: message)
        _ = try await producer.send(try event.record(topic: BusTopics.commands))
        return message.commandId
    }

    func close() async { await producer.close() }
}
