import Bus
import Domain
import Foundation
import Net
import Runtime
import Simulation
import Testing

/// Judgment through real processes (Ingest → broker → Judgment, PostgreSQL): minute data
/// recomputed into hours, marks withdrawing episodes, versions published exactly once, also when
/// Judgment is killed before a commit. Uses the sample registry's thin-path point, whose SO2
/// limit is below the simulated 450 mg/m³ at 6 % O2.
@Suite(.serialized, .timeLimit(.minutes(6)))
struct JudgmentTests {
    static let mn = ThinPathTests.mn
    static let outletId = ThinPathTests.outletId

    /// Sends each frame on one connection, waiting for every 9014 reply.
    static func send(_ frames: [[UInt8]], to stack: Stack) throws {
        let client = try DeviceClient(host: "127.0.0.1", port: stack.ingestPort)
        for frame in frames {
            try client.send(frame)
            // Wait for this frame's own 9014: on a first connection Ingest also sends the device its
            // setup (time, intervals), and taking one of those for the acknowledgement let the test
            // close the connection before its last frame was read.
            let deadline = ContinuousClock.now + .seconds(15)
            var acknowledged = false
            while !acknowledged, ContinuousClock.now < deadline {
                guard let reply = client.readReply(timeout: deadline - ContinuousClock.now) else { break }
                acknowledged = IngestTests.isReply(reply, to: frame)
            }
            guard acknowledged else { throw Stack.Failure(description: "no 9014 reply to a frame") }
        }
    }

    static func exceedances(_ events: [[String: Any]], id: String) -> [[String: Any]] {
        events.filter { $0["type"] as? String == EventType.exceedance && $0.data["id"] as? String == id }
    }

    static func versions(_ events: [[String: Any]]) -> [String] {
        events.map { "\($0.data["status"] as? String ?? "?")@\($0.data["version"] as? Int ?? 0)" }
    }

    /// `duban-ctl judge` (by default `--mn` of the thin-path point) over a range as JSON: the first
    /// point's recomputation from stored data.
    static func judge(_ stack: Stack, from: Date, to: Date, scope: [String] = ["--mn", mn]) throws -> [String: Any] {
        let format = ISO8601DateFormatter()
        let output = try stack.ctlOutput(["judge"] + scope + ["--from", format.string(from: from), "--to", format.string(from: to)])
        guard let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any],
              let point = (object["points"] as? [[String: Any]])?.first else {
            throw Stack.Failure(description: "duban-ctl judge gave no point: \(output)")
        }
        return point
    }

    @Test("an hour of minute frames over the limit plus its hourly frame → one exceedance, recomputed from the minutes; a maintenance mark over the hour → withdrawn as version 2, once, and Dispatch cancels its pre-warning")
    func minutesThenMark() async throws {
        let stack = try await Stack(name: "judgment-marks")
        defer { stack.stop() }
        // Dispatch too: the withdrawal must reach the pre-warning it opened.
        for service in ["ingest", "judgment", "dispatch"] { try await stack.startService(service) }
        let judgments = try TopicReader(stack: stack, topic: BusTopics.judgments)
        defer { Task { await judgments.close() } }

        let hour = DeviceFrames.lastFullHour()
        let id = ExceedanceJudgment.episodeId(outletId: Self.outletId, factor: "a21026", periodStart: hour)
        let minutes = try DeviceFrames.minutesOfHour(mn: Self.mn, password: ThinPathTests.password, hourStart: hour) { _ in
            DeviceFrames.thinPathReadings(so2: 450)
        }
        try Self.send(minutes, to: stack)
        // The hour is not judged while its data may still arrive: no event before the hourly frame.
        try await stack.eventually("the 60 minutes stored") {
            try stack.count("SELECT count(*) FROM judgment.readings WHERE cn = '2051' AND factor = 'a21026'") == 60
        }
        #expect(try stack.count("SELECT count(*) FROM judgment.judgments") == 0)
        // The device's own hour says 300; the hour recomputed from its minutes (450) is judged.
        try Self.send([try DeviceFrames.hourly(mn: Self.mn, password: ThinPathTests.password, hourStart: hour,
                                               readings: DeviceFrames.thinPathReadings(so2: 300))], to: stack)
        var events = try await judgments.read(until: { !Self.exceedances($0, id: id).isEmpty })
        try await judgments.settle(for: .seconds(3))
        events = Self.exceedances(judgments.events, id: id)
        #expect(Self.versions(events) == ["opened@1"])
        let opened = try #require(events.first).data
        #expect(opened["value"] as? Double == 450)
        #expect((opened["inputs"] as? [String: Any])?["cn"] as? String == "2051")
        #expect(try stack.count("SELECT count(*) FROM judgment.judgments") == 1)
        // Raw values kept per level in a monthly partition of judgment.readings.
        #expect(try stack.count("SELECT count(*) FROM pg_inherits WHERE inhparent = 'judgment.readings'::regclass") >= 1)
        #expect(try stack.count("SELECT count(*) FROM judgment.readings WHERE cn = '2061' AND factor = 'a21026' AND avg = 300") == 1)
        // The layers: the hour as recomputed (450, valid, judged over the limit, the device's 300
        // beside it), its China day and month, and the day's data quality (60 minutes received).
        let hourSQL = "to_timestamp(\(Int(hour.timeIntervalSince1970)))"
        #expect(try stack.count("""
            SELECT count(*) FROM judgment.period_means WHERE mn = '\(Self.mn)' AND factor = 'a21026' AND level = 'hour'
              AND period_start = \(hourSQL) AND value = 450 AND valid AND outcome = 'exceeded' AND judged_value = 450
              AND device_mean = 300 AND device_mean_mismatch AND minutes_valid = 60
            """) == 1)
        #expect(try stack.count("SELECT count(*) FROM judgment.period_means WHERE factor = 'a21026' AND level = 'day'") == 1)
        #expect(try stack.count("SELECT count(*) FROM judgment.period_means WHERE factor = 'a21026' AND level = 'month'") == 1)
        #expect(try stack.count("""
            SELECT count(*) FROM judgment.data_quality WHERE mn = '\(Self.mn)' AND factor = 'a21026' AND period = 'day' AND received = 60
            """) == 1)
        #expect(try stack.count("SELECT count(*) FROM judgment.data_quality WHERE factor = '*' AND period IN ('day', 'month')") == 2)
        // duban-ctl prints the stored figures for regulators, in China time.
        let format = ISO8601DateFormatter()
        let range = ["--from", format.string(from: hour.addingTimeInterval(-86_400)), "--to", format.string(from: hour.addingTimeInterval(3600))]
        let quality = try stack.ctlOutput(["quality", "--mn", Self.mn, "--factor", "a21026"] + range)
            .split(separator: "\n").compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(quality.count == 1)
        #expect(quality.first?["received"] as? Int == 60)
        #expect(quality.first?["start"] as? String == CivilDate(chinaTimeOf: hour).description, "the China day")
        let means = try stack.ctlOutput(["means", "--mn", Self.mn, "--factor", "a21026", "--level", "hour"] + range)
            .split(separator: "\n").compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let judgedHour = means.first { $0["outcome"] as? String == "exceeded" }
        #expect(judgedHour?["value"] as? Double == 450)
        #expect(judgedHour?["deviceMean"] as? Double == 300)
        #expect(judgedHour?["deviceMeanMismatch"] as? Bool == true)
        // duban-ctl judge recomputes the same judgment from the stored data, without publishing.
        let point = try Self.judge(stack, from: hour.addingTimeInterval(-86_400), to: hour.addingTimeInterval(3600))
        let audit = point["judgments"] as? [[String: Any]] ?? []
        #expect(audit.map { $0["id"] as? String } == [id])
        #expect(audit.first?["matchesPublished"] as? Bool == true)
        #expect(audit.first?["value"] as? Double == 450)
        let mismatches = point["deviceMeanMismatches"] as? [[String: Any]] ?? []
        #expect(mismatches.count == 1)
        #expect(mismatches.first?["factor"] as? String == "a21026")
        #expect(mismatches.first?["deviceMean"] as? Double == 300)
        #expect(mismatches.first?["recomputedMean"] as? Double == 450)

        let mark = MarkRecord(
            id: "MK-IT-0001", version: 1, status: .active, typeId: "equipment.maintenance", family: .equipment, effect: .invalid,
            enterpriseId: try #require(opened["enterpriseId"] as? String), outletId: Self.outletId, mn: Self.mn, factors: ["a21026"],
            start: hour, end: hour.addingTimeInterval(3600), reasonKind: .planned, reason: "SO2 分析仪计划检修", submittedBy: "it",
            role: "enterprise", acceptedAt: Date(), catalogueVersion: "it")
        let producer = try Producer(configuration: KafkaConfiguration(bootstrapServers: stack.bootstrap, clientID: "it-marks"),
                                    logger: Logger(label: "it.marks", level: .warning))
        defer { Task { await producer.close() } }
        let event = CloudEvent(id: "mark:\(mark.id)#v1", source: "/duban/marking", type: EventType.mark, subject: Self.mn, data: mark)
        // Sent twice, as a retrying producer would: applied once.
        for _ in 0..<2 {
            _ = try await producer.send(OutgoingRecord(topic: BusTopics.marks, key: Array(Self.mn.utf8), value: try event.encoded()))
        }
        _ = try await judgments.read(until: { Self.exceedances($0, id: id).count >= 2 })
        try await judgments.settle(for: .seconds(3))
        events = Self.exceedances(judgments.events, id: id)
        #expect(Self.versions(events) == ["opened@1", "withdrawn@2"])
        #expect(events.last?.data["value"] as? Double == 450)
        #expect(try stack.count("SELECT count(*) FROM judgment.judgments WHERE status = 'withdrawn' AND version = 2") == 1)
        #expect(try stack.count("SELECT count(*) FROM judgment.judgment_versions WHERE id = '\(id)'") == 2)
        #expect(try stack.count("SELECT count(*) FROM judgment.marks WHERE id = 'MK-IT-0001' AND version = 1") == 1)
        #expect((try Self.judge(stack, from: hour, to: hour.addingTimeInterval(3600))["judgments"] as? [Any])?.isEmpty == true)
        // The mark reached the stored layer too: the hour is no longer valid.
        #expect(try stack.count("""
            SELECT count(*) FROM judgment.period_means WHERE factor = 'a21026' AND level = 'hour' AND period_start = \(hourSQL)
              AND NOT valid AND outcome = 'invalid'
            """) == 1)

        // The pre-warning Dispatch opened for the episode is cancelled with the reason, once.
        try await stack.eventually("Dispatch to cancel the pre-warning") {
            try stack.count("SELECT count(*) FROM dispatch.orders WHERE cause = 'exceedance' AND status = 'cancelled'") == 1
        }
        #expect(try stack.count("SELECT count(*) FROM dispatch.orders WHERE cause = 'exceedance'") == 1)
        #expect(try stack.count("""
            SELECT count(*) FROM dispatch.order_events e JOIN dispatch.orders o ON o.id = e.order_id
            WHERE o.cause = 'exceedance' AND e.transition = 'cancelled' AND e.canonical LIKE '%判定已撤回%'
            """) == 1)
    }

    @Test("Judgment SIGKILLed before committing the third hour of a three-hour episode, restarted: versions 1, 2, 3 each published once, one judgment")
    func crashDuringRun() async throws {
        let stack = try await Stack(name: "judgment-crash")
        defer { stack.stop() }
        for service in ["ingest", "judgment"] { try await stack.startService(service) }
        let judgments = try TopicReader(stack: stack, topic: BusTopics.judgments)
        defer { Task { await judgments.close() } }

        let last = DeviceFrames.lastFullHour()
        let hours = [last.addingTimeInterval(-7200), last.addingTimeInterval(-3600), last]
        let id = ExceedanceJudgment.episodeId(outletId: Self.outletId, factor: "a21026", periodStart: hours[0])
        func frame(_ hour: Date) throws -> [UInt8] {
            try DeviceFrames.hourly(mn: Self.mn, password: ThinPathTests.password, hourStart: hour, readings: DeviceFrames.thinPathReadings(so2: 450))
        }
        try Self.send([try frame(hours[0]), try frame(hours[1])], to: stack)
        // Both hours must be committed before the fault is armed, or the fault would hit the second
        // hour instead of the third (a loaded machine can take long to join the reader's group).
        let beforeFault = try await judgments.read(until: { Self.exceedances($0, id: id).count >= 2 }, timeout: .seconds(150))
        try #require(Self.exceedances(beforeFault, id: id).count >= 2, "the first two hours were not judged in time")

        // Restarted with the fault armed: the third hour's transaction stops before its commit.
        #expect(try #require(stack.process("judgment")).terminate() == 0)
        let marker = "\(stack.runDirectory)/judgment.fault"
        try await stack.startService("judgment", extra: ["DUBAN_FAULT_POINT": "judgment.before_commit", "DUBAN_FAULT_MARKER": marker])
        try Self.send([try frame(hours[2])], to: stack)
        try await stack.eventually("Judgment to reach its fault point") { FileManager.default.fileExists(atPath: marker) }
        stack.process("judgment")?.kill9()
        #expect(try stack.count("SELECT version FROM judgment.judgments WHERE id = '\(id)'") == 2)
        #expect(try stack.count("SELECT count(*) FROM judgment.readings WHERE factor = 'a21026'") == 2)

        try await stack.startService("judgment")
        _ = try await judgments.read(until: { Self.exceedances($0, id: id).count >= 3 }, timeout: .seconds(150))
        try await judgments.settle(for: .seconds(3))
        let events = Self.exceedances(judgments.events, id: id)
        #expect(Self.versions(events) == ["opened@1", "extended@2", "extended@3"])
        let end = ISO8601DateFormatter().string(from: last.addingTimeInterval(3600))
        #expect(try stack.count("SELECT count(*) FROM judgment.judgments WHERE id = '\(id)' AND period_end = '\(end)' AND status = 'extended'") == 1)
        #expect(try stack.count("SELECT count(*) FROM judgment.judgments") == 1)
        #expect(try stack.count("SELECT count(*) FROM judgment.judgment_versions WHERE id = '\(id)'") == 3)
        #expect(try stack.count("SELECT count(*) FROM judgment.readings WHERE factor = 'a21026'") == 3)
    }
}
