import Foundation
import HJ212
import Net
import Runtime
import Simulation
import Testing

/// The foundation issue's thin path through every real process: a device frame over TCP →
/// Ingest → test broker → Judgment → Dispatch → Notify → fake SMS gateway, with PostgreSQL.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct ThinPathTests {
    static let mn = "88888880000001"
    static let password = "123456"
    static let outletId = "O-TP-01-1"
    static let enterpriseName = "四川蓉能示范发电有限责任公司"
    static let outletName = "1号炉排口（1号机组脱硫出口）"

    static func frame(hour: Date, so2: Double = 450) throws -> [UInt8] {
        try DeviceFrames.hourly(mn: mn, password: password, hourStart: hour, readings: DeviceFrames.thinPathReadings(so2: so2))
    }

    /// Sends a frame on a new connection and returns the platform's reply (nil when none came).
    static func send(_ frame: [UInt8], to stack: Stack, replyTimeout: Duration = .seconds(15)) throws -> [UInt8]? {
        let client = try DeviceClient(host: "127.0.0.1", port: stack.ingestPort)
        try client.send(frame)
        return client.readReply(timeout: replyTimeout)
    }

    /// The limit the catalogue applies to the outlet's SO2 at `hour`, asked through duban-ctl, so
    /// the test does not restate the catalogue.
    static func expectedLimit(_ stack: Stack, hour: Date) throws -> Double {
        let instant = ISO8601DateFormatter().string(from: hour)
        let output = try stack.ctlOutput(["catalogue", "limit", "--outlet", outletId, "--factor", "a21026", "--at", instant])
        let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        guard let limit = (object?["limit"] as? [String: Any])?["value"] as? Double ?? object?["value"] as? Double else {
            throw Stack.Failure(description: "duban-ctl catalogue limit gave no limit: \(output)")
        }
        return limit
    }

    @Test("a frame over the limit yields one order and one SMS naming enterprise, outlet, factor, value and limit; a resent frame changes nothing; a bad CRC gets no reply and lands on duban.rejects")
    func thinPath() async throws {
        let stack = try await Stack(name: "thinpath")
        defer { stack.stop() }
        try await stack.startAllServices()
        let hour = DeviceFrames.lastFullHour()
        let frame = try Self.frame(hour: hour)

        // Ingest answers 9014 with the frame's QN only after Kafka acknowledged.
        let reply = try #require(try Self.send(frame, to: stack), "no 9014 reply")
        let sent = try #require(FrameDecoder.decodeAll(frame).first.flatMap { if case .packet(let p) = $0 { p } else { nil } })
        let answer = try #require(FrameDecoder.decodeAll(reply).first.flatMap { if case .packet(let p) = $0 { p } else { nil } })
        #expect(answer.cn == "9014")
        #expect(answer.qn == sent.qn)
        #expect(answer.mn == Self.mn)

        // (a) the SMS reaches the gateway with the facts of the exceedance.
        try await stack.eventually("an SMS at the gateway") { try await !stack.smsReceived().isEmpty }
        let limit = try Self.expectedLimit(stack, hour: hour)
        #expect(limit < 450, "the sample's SO2 limit must be below the simulated 450 mg/m³")
        let messages = try await stack.smsReceived()
        let text = try #require(messages.first?["text"] as? String)
        #expect(text.contains(Self.enterpriseName))
        #expect(text.contains(Self.outletName))
        #expect(text.contains("二氧化硫"))
        #expect(text.contains("450.0"))
        #expect(text.contains(String(format: "%.1f", limit)))
        #expect(text.hasPrefix("【"))

        // (b) the order exists exactly once.
        #expect(try stack.count("SELECT count(*) FROM dispatch.orders") == 1)
        #expect(try stack.count("SELECT count(*) FROM dispatch.orders WHERE stage = 'pre_warning' AND outlet_id = '\(Self.outletId)' AND factor = 'a21026'") == 1)
        // Dispatch asked for one notification per recipient in the order's own transaction.
        let recipients = try stack.count("SELECT count(*) FROM dispatch.outbox WHERE topic = 'duban.notifications'")
        #expect(recipients >= 1)
        try await stack.eventually("every recipient's SMS") { try await stack.smsReceived().count == recipients }

        // (c) the same frame again: answered, recognised, and still one order and one SMS each.
        let second = try #require(try Self.send(frame, to: stack), "no reply to the resent frame")
        #expect(String(decoding: second, as: UTF8.self).contains("CN=9014"))
        try await stack.eventually("the duplicate recorded") {
            try stack.count("SELECT repeats FROM ingest.data_keys WHERE mn = '\(Self.mn)' AND cn = '2061'") == 1
        }
        try await Task.sleep(for: .seconds(3))
        #expect(try stack.count("SELECT count(*) FROM dispatch.orders") == 1)
        #expect(try stack.count("SELECT count(*) FROM judgment.judgments") == 1)
        #expect(try await stack.smsReceived().count == recipients)

        // (e) a bad CRC: no reply, and the bytes appear on duban.rejects with their reason.
        let corrupt = DeviceFrames.corruptingCRC(try Self.frame(hour: hour.addingTimeInterval(-3600)))
        #expect(try Self.send(corrupt, to: stack, replyTimeout: .seconds(3)) == nil)
        let reject = try await Self.findReject(in: stack, raw: corrupt)
        #expect(reject["reason"] as? String == "crc_mismatch")
        #expect(try stack.count("SELECT count(*) FROM dispatch.orders") == 1)

        // Every event the path produced matches its published JSON Schema (docs/events/).
        try await Self.validateEvents(in: stack, topics: ["duban.frames", "duban.measurements", "duban.rejects", "duban.judgments",
                                                          "duban.orders", "duban.notifications", "duban.deliveries"])

        // SIGTERM drains every service cleanly: exit status 0.
        for service in Stack.serviceNames.reversed() {
            let status = try #require(stack.process(service)).terminate()
            #expect(status == 0, "duban-\(service) exited \(status) after SIGTERM")
        }
    }

    @Test("Judgment killed with SIGKILL after consuming the measurement but before committing, then restarted: still exactly one order and one SMS per recipient")
    func judgmentCrashBeforeCommit() async throws {
        let stack = try await Stack(name: "crash")
        defer { stack.stop() }
        let marker = "\(stack.runDirectory)/judgment.fault"
        for service in Stack.serviceNames where service != "judgment" { try await stack.startService(service) }
        try await stack.startService("judgment", extra: ["DUBAN_FAULT_POINT": "judgment.before_commit", "DUBAN_FAULT_MARKER": marker])

        let reply = try Self.send(try Self.frame(hour: DeviceFrames.lastFullHour()), to: stack)
        #expect(reply != nil)
        try await stack.eventually("Judgment to reach its fault point") { FileManager.default.fileExists(atPath: marker) }
        stack.process("judgment")?.kill9()
        // Nothing of the interrupted transaction is visible.
        #expect(try stack.count("SELECT count(*) FROM judgment.judgments") == 0)
        #expect(try stack.count("SELECT count(*) FROM judgment.readings") == 0)

        try await stack.startService("judgment")
        try await stack.eventually("the order after restart") { try stack.count("SELECT count(*) FROM dispatch.orders") == 1 }
        let recipients = try stack.count("SELECT count(*) FROM dispatch.outbox WHERE topic = 'duban.notifications'")
        #expect(recipients >= 1)
        try await stack.eventually("every recipient's SMS") { try await stack.smsReceived().count == recipients }
        try await Task.sleep(for: .seconds(3))
        #expect(try stack.count("SELECT count(*) FROM dispatch.orders") == 1)
        #expect(try stack.count("SELECT count(*) FROM judgment.judgments") == 1)
        #expect(try await stack.smsReceived().count == recipients)
        #expect(try stack.count("SELECT count(*) FROM judgment.readings WHERE factor = 'a21026'") == 1)
    }

    /// Reads what each topic holds and checks every event with scripts/validate-events.py.
    static func validateEvents(in stack: Stack, topics: [String]) async throws {
        var lines: [String] = []
        for topic in topics {
            let reader = try TopicReader(stack: stack, topic: topic)
            try await reader.read(until: { !$0.isEmpty }, timeout: .seconds(90))
            try await reader.settle(for: .seconds(1))
            #expect(!reader.events.isEmpty, "no event on \(topic)")
            for event in reader.events {
                let data = try JSONSerialization.data(withJSONObject: event, options: [.sortedKeys])
                lines.append(String(decoding: data, as: UTF8.self))
            }
            await reader.close()
        }
        let path = "\(stack.runDirectory)/events.jsonl"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["\(stack.root)/scripts/validate-events.py", "\(stack.root)/docs/events", path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "events do not match their schemas:\n\(report)")
    }

    /// Reads duban.rejects from the start until the record with exactly these raw bytes arrives.
    static func findReject(in stack: Stack, raw: [UInt8]) async throws -> [String: Any] {
        let expected = Data(raw).base64EncodedString()
        let reader = try TopicReader(stack: stack, topic: "duban.rejects")
        defer { Task { await reader.close() } }
        let events = try await reader.read(until: { $0.contains { $0.data["raw"] as? String == expected } })
        guard let reject = events.first(where: { $0.data["raw"] as? String == expected }) else {
            throw Stack.Failure(description: "no reject with the corrupted frame's bytes on duban.rejects")
        }
        return reject.data
    }
}
