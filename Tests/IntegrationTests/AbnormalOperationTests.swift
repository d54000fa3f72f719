import Bus
import Domain
import Foundation
import Simulation
import Testing

/// Abnormal operation of the monitoring equipment through the real processes (Ingest → Judgment
/// → Dispatch, broker, PostgreSQL): the thin-path point's NOx and dust analysers report a fault
/// (flag D) for nine hours after an hour of normal operation. Judgment publishes one gap finding,
/// within the quarter's 8 h exemption for eight hours, then counted; Dispatch opens one
/// abnormal-operation order, and the SO2 exceedance of the ninth hour, explained by the standing
/// fault at the point, opens inhibited: no pre-warning is sent until the fault closes. And the
/// quarter's second gap of the outlet goes to dispatch at once (`occurrencesInQuarter`).
@Suite(.serialized, .timeLimit(.minutes(3)))
struct AbnormalOperationTests {
    static let mn = ThinPathTests.mn
    static let password = ThinPathTests.password

    static func notifications(_ stack: Stack, kind: String) throws -> Int {
        try stack.count("""
            SELECT count(*) FROM dispatch.outbox
            WHERE topic = 'duban.notifications' AND convert_from(payload, 'UTF8') LIKE '%"kind":"\(kind)"%'
            """)
    }

    @Test("nine D-flagged hours → one gap finding (exempted@1…8, counted@9) and one abnormal-operation order; the SO2 exceedance meanwhile opens inhibited without a pre-warning; the fault closing lifts it once")
    func faultInhibitsExceedance() async throws {
        let stack = try await Stack(name: "abnormal")
        defer { stack.stop() }
        for service in ["ingest", "judgment", "dispatch"] { try await stack.startService(service) }
        let judgments = try TopicReader(stack: stack, topic: BusTopics.judgments)
        defer { Task { await judgments.close() } }

        let first = DeviceFrames.lastFullHour().addingTimeInterval(-10 * 3600)
        let gapId = "abn:missing-data:\(ThinPathTests.outletId):*:\(Int64(first.timeIntervalSince1970) + 3600)@\(Self.mn)"
        // Hour 0 operates normally; hours 1…9 NOx and dust flag D; SO2 exceeds in hour 9.
        let frames = try DeviceFrames.hours(mn: Self.mn, password: Self.password, from: first, 0..<10) { hour in
            DeviceFrames.analyserFaultReadings(hour: hour, so2: hour == 9 ? 450 : 10 + Double(hour), faulty: hour > 0)
        }
        try JudgmentTests.send(frames, to: stack)
        func abnormal(_ events: [[String: Any]]) -> [[String: Any]] { events.filter { $0["type"] as? String == EventType.abnormalOperation } }
        _ = try await judgments.read(until: { events in
            abnormal(events).count >= 9 && events.contains { $0["type"] as? String == EventType.exceedance }
        })
        try await stack.eventually("the exceedance order") {
            try stack.count("SELECT count(*) FROM dispatch.orders WHERE cause = 'exceedance'") == 1
        }
        try await judgments.settle(for: .seconds(3))

        let findings = abnormal(judgments.events)
        #expect(Set(findings.compactMap { $0.data["id"] as? String }) == [gapId], "one finding, the point-wide gap from hour 1")
        #expect(JudgmentTests.versions(findings) == ["opened@1"] + (2...9).map { "extended@\($0)" })
        let exempted = findings.map { ($0.data["exemption"] as? [String: Any])?["used"] as? Bool }
        #expect(exempted == Array(repeating: true, count: 8) + [false], "within 8 h the quarter's exemption, beyond it abnormal operation")
        let last = try #require(findings.last?.data)
        #expect(last["factors"] as? [String] == ["a21002", "a34013"])
        #expect((last["evidence"] as? [String: Any])?["minutes"] as? Int == 540)
        #expect((last["evidence"] as? [String: Any])?["gapCause"] as? String == "fault")

        // One abnormal-operation order, dispatched at once (规则 abnormal-operation), notified.
        try await stack.eventually("the abnormal-operation order") {
            try stack.count("SELECT count(*) FROM dispatch.orders WHERE cause = 'abnormal_operation' AND episode_id = '\(gapId)'") == 1
        }
        #expect(try stack.count("SELECT count(*) FROM dispatch.orders WHERE cause = 'abnormal_operation' AND stage = 'dispatch'") == 1)
        #expect(try Self.notifications(stack, kind: "dispatch.abnormal_operation") >= 1)
        // The exceedance opened inhibited by the fault: no pre-warning, the reason on its opening event.
        #expect(try stack.count("SELECT count(*) FROM dispatch.orders WHERE cause = 'exceedance' AND state->'inhibitors' ? '\(gapId)'") == 1)
        #expect(try Self.notifications(stack, kind: "pre_warning.exceedance") == 0)
        #expect(try stack.count("""
            SELECT count(*) FROM dispatch.order_events e JOIN dispatch.orders o ON o.id = e.order_id
            WHERE o.cause = 'exceedance' AND e.transition = 'opened' AND e.canonical LIKE '%暂予抑制%'
            """) == 1)

        // Hour 10 measures normally: the gap closes (resolved), the inhibition lifts once and the
        // held order is notified as resumed.
        try JudgmentTests.send(try DeviceFrames.hours(mn: Self.mn, password: Self.password, from: first, 10..<11) { hour in
            DeviceFrames.analyserFaultReadings(hour: hour, so2: 12, faulty: false)
        }, to: stack)
        try await stack.eventually("the inhibition lifted") {
            try stack.count("""
                SELECT count(*) FROM dispatch.order_events e JOIN dispatch.orders o ON o.id = e.order_id
                WHERE o.cause = 'exceedance' AND e.transition = 'inhibition_lifted'
                """) == 1
        }
        try await judgments.settle(for: .seconds(3))
        #expect(JudgmentTests.versions(abnormal(judgments.events)).last == "closed@10")
        #expect(try stack.count("SELECT count(*) FROM dispatch.orders WHERE cause = 'exceedance' AND state->'inhibitors' = '[]'::jsonb") == 1)
        #expect(try stack.count("""
            SELECT count(*) FROM dispatch.order_events e JOIN dispatch.orders o ON o.id = e.order_id
            WHERE o.cause = 'exceedance' AND e.transition = 'inhibition_lifted'
            """) == 1)
        #expect(try Self.notifications(stack, kind: "resumed.pre_warning") >= 1)
        #expect(try stack.count("SELECT count(*) FROM dispatch.dead_letters") == 0)
        #expect(try stack.count("SELECT count(*) FROM judgment.dead_letters") == 0)
    }

    @Test("two gaps in a quarter: a 2 h D-flagged gap (exempted, #1, no order) then 2 h with no frames (#2) → one missing-data order opened at dispatch; the first gap is not published again")
    func secondGapOfQuarterDispatches() async throws {
        let stack = try await Stack(name: "gapcount")
        defer { stack.stop() }
        for service in ["ingest", "judgment", "dispatch"] { try await stack.startService(service) }
        let judgments = try TopicReader(stack: stack, topic: BusTopics.judgments)
        defer { Task { await judgments.close() } }

        // Seven hours ending at the last full hour, all in one China-time quarter.
        var first = DeviceFrames.lastFullHour().addingTimeInterval(-6 * 3600)
        let quarter = Quarter(containing: first.addingTimeInterval(6 * 3600))
        if Quarter(containing: first) != quarter { first = quarter.start.addingTimeInterval(-8 * 3600) }
        func id(_ hour: Int) -> String {
            "abn:missing-data:\(ThinPathTests.outletId):*:\(Int64(first.timeIntervalSince1970) + Int64(hour * 3600))@\(Self.mn)"
        }
        // Hour 0 normal; hours 1–2 NOx and dust flag D; hour 3 normal; hours 4–5 nothing sent; hour 6 normal.
        let frames = try DeviceFrames.hours(mn: Self.mn, password: Self.password, from: first, 0..<7) { hour in
            DeviceFrames.analyserFaultReadings(hour: hour, so2: 10 + Double(hour), faulty: hour == 1 || hour == 2)
        }
        try JudgmentTests.send(Array(frames[0...3]) + [frames[6]], to: stack)
        func abnormal(_ events: [[String: Any]]) -> [[String: Any]] { events.filter { $0["type"] as? String == EventType.abnormalOperation } }
        _ = try await judgments.read(until: { events in abnormal(events).contains { $0.data["id"] as? String == id(4) } })
        try await stack.eventually("the missing-data order") {
            try stack.count("SELECT count(*) FROM dispatch.orders WHERE cause = 'missing_data'") == 1
        }
        try await judgments.settle(for: .seconds(3))

        let findings = abnormal(judgments.events)
        let fault = findings.filter { $0.data["id"] as? String == id(1) }
        #expect(JudgmentTests.versions(fault) == ["opened@1", "extended@2", "closed@3"], "the later gap publishes no new version of the first")
        #expect(fault.allSatisfy { $0.data["occurrencesInQuarter"] as? Int == 1 })
        #expect(fault.allSatisfy { ($0.data["exemption"] as? [String: Any])?["used"] as? Bool == true })
        let missing = findings.filter { $0.data["id"] as? String == id(4) }
        #expect(JudgmentTests.versions(missing) == ["closed@1"])
        let second = try #require(missing.first?.data)
        #expect(second["occurrencesInQuarter"] as? Int == 2)
        #expect((second["exemption"] as? [String: Any])?["used"] as? Bool == false)
        #expect((second["evidence"] as? [String: Any])?["gapCause"] as? String == "no-data")
        #expect((second["evidence"] as? [String: Any])?["minutes"] as? Int == 120)
        #expect(Set(findings.compactMap { $0.data["id"] as? String }) == [id(1), id(4)])

        // Two hours alone would be a pre-warning; as the quarter's second gap it is dispatched.
        #expect(try stack.count("""
            SELECT count(*) FROM dispatch.orders WHERE cause = 'missing_data' AND stage = 'dispatch' AND episode_id = '\(id(4))'
            """) == 1)
        #expect(try stack.count("""
            SELECT count(*) FROM dispatch.order_events e JOIN dispatch.orders o ON o.id = e.order_id
            WHERE o.cause = 'missing_data' AND e.transition = 'opened' AND e.canonical LIKE '%本季度发生次数 2 ≥ 2%'
            """) == 1)
        #expect(try stack.count("SELECT count(*) FROM dispatch.orders WHERE cause = 'abnormal_operation'") == 0, "the exempted fault gap opens none")
        #expect(try stack.count("SELECT count(*) FROM dispatch.dead_letters") == 0)
        #expect(try stack.count("SELECT count(*) FROM judgment.dead_letters") == 0)
        try await ThinPathTests.validateEvents(in: stack, topics: [BusTopics.judgments])
        // duban-ctl judge recomputes both gaps from the stored data, numbered and exempted as published.
        let audit = try JudgmentTests.judge(stack, from: first, to: first.addingTimeInterval(7 * 3600))
        let recomputed = audit["abnormal"] as? [[String: Any]] ?? []
        #expect(Set(recomputed.compactMap { $0["id"] as? String }) == [id(1), id(4)])
        #expect(recomputed.allSatisfy { $0["matchesPublished"] as? Bool == true })
        #expect(recomputed.first { $0["id"] as? String == id(4) }?["occurrencesInQuarter"] as? Int == 2)
    }

    @Test("equipment states (CN 3020 i12001) against N-flagged hours: SO2 in maintenance stored before its data → one status-contradiction when the data arrive; NOx in calibration reported after its data were judged → recomputed, opened then closed; the first opens an abnormal-operation order at dispatch, the second joins it")
    func equipmentStateContradictsFlags() async throws {
        let stack = try await Stack(name: "eqstate")
        defer { stack.stop() }
        for service in ["ingest", "judgment", "dispatch"] { try await stack.startService(service) }
        let judgments = try TopicReader(stack: stack, topic: BusTopics.judgments)
        defer { Task { await judgments.close() } }

        let first = DeviceFrames.lastFullHour().addingTimeInterval(-4 * 3600)
        func at(_ hour: Int) -> Date { first.addingTimeInterval(TimeInterval(hour * 3600)) }
        func id(_ factor: String, _ hour: Int) -> String {
            "abn:status-contradiction:\(ThinPathTests.outletId):\(factor):\(Int64(at(hour).timeIntervalSince1970))@\(Self.mn)"
        }
        func state(_ polId: String, _ value: String, at hour: Int) throws -> [UInt8] {
            try DeviceFrames.siteInformation(mn: Self.mn, password: Self.password, dataTime: at(hour), items: [
                .init(polId: polId, code: "i12001", value: value),
            ])
        }
        func abnormal(_ events: [[String: Any]]) -> [[String: Any]] { events.filter { $0["type"] as? String == EventType.abnormalOperation } }

        // SO2's analyser reports maintenance (1) from hour 1 to hour 3, stored before any data.
        try JudgmentTests.send([try state("a21026", "1", at: 1), try state("a21026", "0", at: 3)], to: stack)
        try await stack.eventually("the states stored") {
            try stack.count("SELECT count(*) FROM judgment.site_information WHERE code = 'i12001'") == 2
        }
        // Hours 0…4 measure normally: every factor flagged N, no maintenance mark.
        try JudgmentTests.send(try DeviceFrames.hours(mn: Self.mn, password: Self.password, from: first, 0..<5) { hour in
            DeviceFrames.analyserFaultReadings(hour: hour, so2: 10 + Double(hour), faulty: false)
        }, to: stack)
        _ = try await judgments.read(until: { events in
            abnormal(events).contains { $0.data["id"] as? String == id("a21026", 1) && $0.data["status"] as? String == "closed" }
        })
        // Then NOx's analyser reports calibration (3) at hour 2 and running (0) at hour 4, after its data were judged.
        try JudgmentTests.send([try state("a21002", "3", at: 2)], to: stack)
        _ = try await judgments.read(until: { events in abnormal(events).contains { $0.data["id"] as? String == id("a21002", 2) } })
        try JudgmentTests.send([try state("a21002", "0", at: 4)], to: stack)
        _ = try await judgments.read(until: { events in
            abnormal(events).contains { $0.data["id"] as? String == id("a21002", 2) && $0.data["status"] as? String == "closed" }
        })
        try await stack.eventually("both findings on the abnormal-operation order") {
            try stack.count("""
                SELECT count(*) FROM dispatch.orders o, jsonb_array_elements(o.state->'findings') f
                WHERE o.cause = 'abnormal_operation' AND f->>'id' IN ('\(id("a21026", 1))', '\(id("a21002", 2))')
                """) == 2
        }
        try await judgments.settle(for: .seconds(3))

        let findings = abnormal(judgments.events)
        #expect(Set(findings.compactMap { $0.data["id"] as? String }) == [id("a21026", 1), id("a21002", 2)], "no other finding")
        let so2 = findings.filter { $0.data["id"] as? String == id("a21026", 1) }
        #expect(JudgmentTests.versions(so2).last == "closed@\(so2.count)")
        let maintenance = try #require(so2.last?.data)
        #expect(maintenance["kind"] as? String == "status-contradiction")
        #expect(maintenance["factors"] as? [String] == ["a21026"])
        let evidence = try #require(maintenance["evidence"] as? [String: Any])
        #expect(evidence["minutes"] as? Int == 120)
        #expect(evidence["statusCode"] as? String == "i12001")
        #expect(evidence["statusValue"] as? Int == 1)
        #expect(evidence["flagsSeen"] as? [String] == ["N"])

        let nox = findings.filter { $0.data["id"] as? String == id("a21002", 2) }
        #expect(JudgmentTests.versions(nox) == ["opened@1", "closed@2"], "open to the end of the judged data, then closed by the next state")
        let calibration = try #require(nox.last?.data)
        #expect((calibration["evidence"] as? [String: Any])?["statusValue"] as? Int == 3)
        #expect((calibration["evidence"] as? [String: Any])?["minutes"] as? Int == 120)
        #expect(nox.first.flatMap { ($0.data["evidence"] as? [String: Any])?["minutes"] as? Int } == 180)

        // Dispatch (rules.json abnormal-operation: dispatch immediately) opens one order for the first
        // finding; the second, of the same outlet and cause, joins it (grouping.joinGapHours).
        #expect(try stack.count("SELECT count(*) FROM dispatch.orders") == 1)
        #expect(try stack.count("""
            SELECT count(*) FROM dispatch.orders
            WHERE cause = 'abnormal_operation' AND stage = 'dispatch' AND episode_id = '\(id("a21026", 1))'
            """) == 1)
        #expect(try Self.notifications(stack, kind: "dispatch.abnormal_operation") >= 1)
        #expect(try stack.count("SELECT count(*) FROM dispatch.dead_letters") == 0)
        #expect(try stack.count("SELECT count(*) FROM judgment.dead_letters") == 0)
        try await ThinPathTests.validateEvents(in: stack, topics: [BusTopics.judgments])
    }
}
