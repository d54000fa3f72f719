import Foundation
import HJ212
import Net
import Simulation
import Testing

/// Ingest through real TCP against the real broker process (registry authentication off, so the
/// tests exercise the network and Kafka paths).
@Suite(.serialized, .timeLimit(.minutes(10)))
struct IngestTests {
    static func startIngest(_ name: String, extra: [String: String] = [:]) async throws -> Stack {
        let stack = try await Stack(name: name, importRegistry: false)
        // Device setup commands are tested on their own; here they would interleave with replies.
        let base = ["DUBAN_INGEST_AUTH": "off", "DUBAN_KAFKA_DELIVERY_TIMEOUT": "120s", "DUBAN_INGEST_DEVICE_SETUP": "off"]
        try await stack.startService("ingest", extra: base.merging(extra) { $1 })
        return stack
    }

    static func frame(mn: String, hour: Date, so2: Double = 20) throws -> [UInt8] {
        try DeviceFrames.hourly(mn: mn, password: "123456", hourStart: hour, readings: DeviceFrames.thinPathReadings(so2: so2))
    }

    static func isReply(_ bytes: [UInt8]?, to frame: [UInt8]) -> Bool {
        guard let bytes, case .packet(let reply)? = FrameDecoder.decodeAll(bytes).first,
              case .packet(let sent)? = FrameDecoder.decodeAll(frame).first else { return false }
        return reply.cn == "9014" && reply.qn == sent.qn && reply.mn == sent.mn
    }

    @Test("a storm of 300 connections each sending a frame: every frame answered and on duban.measurements exactly once")
    func connectionStorm() async throws {
        let stack = try await Self.startIngest("storm")
        defer { stack.stop() }
        let hour = DeviceFrames.lastFullHour()
        let count = 300
        let port = stack.ingestPort
        let answered = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<count {
                group.addTask {
                    let frame = try Self.frame(mn: String(format: "STORM%09d", index), hour: hour)
                    let client = try DeviceClient(host: "127.0.0.1", port: port)
                    try client.send(frame)
                    return Self.isReply(client.readReply(timeout: .seconds(60)), to: frame)
                }
            }
            var answered = 0
            for try await ok in group where ok { answered += 1 }
            return answered
        }
        #expect(answered == count)
        let reader = try TopicReader(stack: stack, topic: "duban.measurements")
        let events = try await reader.read(until: { $0.count >= count })
        try await reader.settle(for: .seconds(3))
        let mns = reader.events.compactMap { $0.data["mn"] as? String }
        #expect(events.count >= count)
        #expect(mns.count == count, "every measurement exactly once")
        #expect(Set(mns).count == count)
        await reader.close()
    }

    @Test("a half-open client is closed at the idle timeout; 1 MB of garbage is rejected; a frame split byte by byte and one after the garbage are both answered")
    func misbehavingClients() async throws {
        let stack = try await Self.startIngest("misbehave", extra: ["DUBAN_INGEST_IDLE_TIMEOUT": "2s"])
        defer { stack.stop() }
        let port = stack.ingestPort
        let halfOpen = try DeviceClient(host: "127.0.0.1", port: port)

        // 1 MB of garbage, then a valid frame on the same connection.
        let garbageClient = try DeviceClient(host: "127.0.0.1", port: port)
        var garbage = [UInt8](repeating: 0x41, count: 1 << 20)
        for index in stride(from: 0, to: garbage.count, by: 997) { garbage[index] = 0x23 }  // stray '#'
        try garbageClient.send(garbage)
        let afterGarbage = try Self.frame(mn: "GARBAGE000001", hour: DeviceFrames.lastFullHour())
        try garbageClient.send(afterGarbage)
        #expect(Self.isReply(garbageClient.readReply(timeout: .seconds(30)), to: afterGarbage))

        // A frame delivered one byte per write.
        let trickle = try DeviceClient(host: "127.0.0.1", port: port)
        let split = try Self.frame(mn: "TRICKLE000001", hour: DeviceFrames.lastFullHour())
        for byte in split { try trickle.send([byte]) }
        #expect(Self.isReply(trickle.readReply(timeout: .seconds(30)), to: split))

        // A frame without its CRLF terminator (an accepted deviation) is answered once the device is silent.
        let unterminated = try Self.frame(mn: "NOCRLF000001", hour: DeviceFrames.lastFullHour())
        let noTerminator = try DeviceClient(host: "127.0.0.1", port: port)
        try noTerminator.send(Array(unterminated.dropLast(2)))
        #expect(Self.isReply(noTerminator.readReply(timeout: .seconds(10)), to: unterminated))

        #expect(halfOpen.waitForClose(timeout: .seconds(10)), "the idle connection was not closed")

        let rejects = try TopicReader(stack: stack, topic: "duban.rejects")
        try await rejects.read(until: { events in events.contains { $0.data["reason"] as? String == "bad_header" || ($0.data["byteCount"] as? Int ?? 0) > 1000 } })
        #expect(rejects.events.contains { ($0.data["byteCount"] as? Int ?? 0) > 1000 }, "the garbage was reported on duban.rejects")
        await rejects.close()
    }

    @Test("Kafka stalled (broker frozen): no reply while it is down; after it recovers every frame is answered and present exactly once")
    func kafkaStall() async throws {
        let stack = try await Self.startIngest("stall")
        defer { stack.stop() }
        let broker = try #require(stack.broker)
        let port = stack.ingestPort
        // Warm up: the producer knows the cluster before the stall.
        let warm = try Self.frame(mn: "STALL0000000", hour: DeviceFrames.lastFullHour())
        let warmClient = try DeviceClient(host: "127.0.0.1", port: port)
        try warmClient.send(warm)
        #expect(Self.isReply(warmClient.readReply(timeout: .seconds(30)), to: warm))

        kill(broker.pid, SIGSTOP)
        let hour = DeviceFrames.lastFullHour()
        let frames = try (1...5).map { try Self.frame(mn: String(format: "STALL%07d", $0), hour: hour) }
        let clients = try frames.map { frame -> DeviceClient in
            let client = try DeviceClient(host: "127.0.0.1", port: port)
            try client.send(frame)
            return client
        }
        for client in clients { #expect(client.readReply(timeout: .seconds(2)) == nil, "answered while Kafka was stalled") }
        kill(broker.pid, SIGCONT)
        for (client, frame) in zip(clients, frames) {
            #expect(Self.isReply(client.readReply(timeout: .seconds(90)), to: frame))
        }
        let reader = try TopicReader(stack: stack, topic: "duban.measurements")
        try await reader.read(until: { $0.count >= 6 })
        try await reader.settle(for: .seconds(3))
        let mns = reader.events.compactMap { $0.data["mn"] as? String }
        #expect(mns.sorted() == (["STALL0000000"] + (1...5).map { String(format: "STALL%07d", $0) }).sorted())
        await reader.close()
    }

    @Test("a split message (PNUM=2) is answered part by part and published as one measurement with both parts' factors")
    func splitMessage() async throws {
        let stack = try await Self.startIngest("split")
        defer { stack.stop() }
        let hour = try #require(HJ212DateTime(unixSeconds: Int64(DeviceFrames.lastFullHour().timeIntervalSince1970)))
        let now = Int64(Date().timeIntervalSince1970)
        let parts = try [(1, "a21026-Avg=31.0,a21026-Flag=N"), (2, "a21002-Avg=44.0,a21002-Flag=N")].map { (pno: Int, body: String) -> [UInt8] in
            // Each part has its own QN, close to the platform's clock (a skewed QN would draw a 1012).
            let qn = HJ212DateTime(unixSeconds: now, millisecond: pno)!.qnDigits
            return try PacketEncoder.encode(
                PacketHeader(qn: qn, st: "31", cn: "2061", pw: "123456", mn: "SPLIT0000001", flag: 7, pnum: 2, pno: pno),
                cp: "DataTime=\(hour.digits);\(body)")
        }
        let client = try DeviceClient(host: "127.0.0.1", port: stack.ingestPort)
        for part in parts {
            try client.send(part)
            #expect(Self.isReply(client.readReply(timeout: .seconds(30)), to: part))
        }
        let reader = try TopicReader(stack: stack, topic: "duban.measurements")
        try await reader.read(until: { !$0.isEmpty })
        try await reader.settle(for: .seconds(2))
        #expect(reader.events.count == 1)
        let factors = (reader.events.first?.data["readings"] as? [[String: Any]] ?? []).compactMap { $0["factor"] as? String }
        #expect(Set(factors) == ["a21026", "a21002"])
        await reader.close()
    }

    @Test("a gap of two hours is pulled back with a 2061 history request; the back-filled hours close the gap")
    func gapPulledBack() async throws {
        let stack = try await Self.startIngest("gap")
        defer { stack.stop() }
        let mn = "GAP000000001"
        let latest = DeviceFrames.lastFullHour()
        let hours = (0...3).map { latest.addingTimeInterval(Double($0 - 3) * 3600) }  // h-3, h-2, h-1, h
        let client = try DeviceClient(host: "127.0.0.1", port: stack.ingestPort)
        let first = try Self.frame(mn: mn, hour: hours[0])
        try client.send(first)
        #expect(Self.isReply(client.readReply(timeout: .seconds(30)), to: first))
        let jump = try Self.frame(mn: mn, hour: hours[3])
        try client.send(jump)
        #expect(Self.isReply(client.readReply(timeout: .seconds(30)), to: jump))

        // The platform asks for the two missing hours.
        let pullBytes = try #require(client.readReply(timeout: .seconds(30)), "no history pull")
        guard case .packet(let pull)? = FrameDecoder.decodeAll(pullBytes).first else {
            Issue.record("the history pull does not decode: \(String(decoding: pullBytes, as: UTF8.self))")
            return
        }
        let begin = try #require(HJ212DateTime(unixSeconds: Int64(hours[1].timeIntervalSince1970)))
        let end = try #require(HJ212DateTime(unixSeconds: Int64(hours[2].timeIntervalSince1970)))
        #expect(pull.cn == "2061")
        #expect(pull.mn == mn)
        #expect(pull.cp.value("BeginTime") == begin.digits)
        #expect(pull.cp.value("EndTime") == end.digits)
        #expect(try stack.count("SELECT count(*) FROM ingest.gaps WHERE mn = '\(mn)' AND state = 'open'") == 1)

        // The device back-fills; the gap is filled.
        for hour in hours[1...2] {
            let backfill = try Self.frame(mn: mn, hour: hour)
            try client.send(backfill)
            #expect(Self.isReply(client.readReply(timeout: .seconds(30)), to: backfill))
        }
        try await stack.eventually("the gap filled") {
            try stack.count("SELECT count(*) FROM ingest.gaps WHERE mn = '\(mn)' AND state = 'filled'") == 1
        }
    }

    @Test("a device's first frame on a connection is answered, then its time, timeout/retries and intervals are set; later frames are not followed by setup again")
    func deviceSetupOnFirstFrame() async throws {
        let stack = try await Self.startIngest("setup", extra: ["DUBAN_INGEST_DEVICE_SETUP": "on", "DUBAN_INGEST_DEVICE_RTD_INTERVAL": "60"])
        defer { stack.stop() }
        let client = try DeviceClient(host: "127.0.0.1", port: stack.ingestPort)
        let latest = DeviceFrames.lastFullHour()
        let first = try Self.frame(mn: "SETUP0000001", hour: latest.addingTimeInterval(-3600))
        try client.send(first)
        #expect(Self.isReply(client.readReply(timeout: .seconds(30)), to: first))
        var commands: [Packet] = []
        for _ in 0..<4 {
            let bytes = try #require(client.readReply(timeout: .seconds(10)), "setup command missing")
            guard case .packet(let packet)? = FrameDecoder.decodeAll(bytes).first else {
                Issue.record("setup command does not decode: \(String(decoding: bytes, as: UTF8.self))")
                return
            }
            commands.append(packet)
        }
        #expect(commands.map(\.cn) == ["1012", "1000", "1062", "1064"])
        #expect(commands.allSatisfy { $0.mn == "SETUP0000001" && $0.qn != nil })
        #expect(Set(commands.compactMap(\.qn)).count == 4, "each command has its own QN")
        let systemTime = try #require(commands[0].cp.time("SystemTime"))
        #expect(abs(Double(systemTime.unixSeconds) - Date().timeIntervalSince1970) < 60)
        #expect(commands[1].cp.value("OverTime") == "10")
        #expect(commands[1].cp.value("ReCount") == "3")
        #expect(commands[2].cp.value("RtdInterval") == "60")
        #expect(commands[3].cp.value("MinInterval") == "10")

        let second = try Self.frame(mn: "SETUP0000001", hour: latest)
        try client.send(second)
        #expect(Self.isReply(client.readReply(timeout: .seconds(30)), to: second))
        #expect(client.readReply(timeout: .seconds(2)) == nil, "setup sent again on the same connection")
    }
    @Test("duplicates are recognised with and without a lookup and across a restart: hours sent in order are published once each; the newest and an older hour sent again, and after a restart the newest again on a new connection, are answered but not republished; a newer hour after the restart is")
    func duplicatesAcrossRestart() async throws {
        let stack = try await Self.startIngest("dedup")
        defer { stack.stop() }
        let mn = "DEDUP0000001"
        let latest = DeviceFrames.lastFullHour()
        let hours = (0...3).map { latest.addingTimeInterval(Double($0 - 3) * 3600) }  // h-3, h-2, h-1, h
        func send(_ hour: Date, on client: DeviceClient) throws {
            let frame = try Self.frame(mn: mn, hour: hour)
            try client.send(frame)
            #expect(Self.isReply(client.readReply(timeout: .seconds(30)), to: frame), "no 9014 for \(hour)")
        }
        let client = try DeviceClient(host: "127.0.0.1", port: stack.ingestPort)
        // In time order: each strictly newer than the last, so judged new without a lookup.
        for hour in hours[0...2] { try send(hour, on: client) }
        // Not strictly newer: looked up and found.
        try send(hours[2], on: client)
        try send(hours[0], on: client)

        // A restart forgets everything in memory; the newest hour again on a new connection.
        let restarted = try #require(stack.process("ingest")).terminate()
        #expect(restarted == 0)
        try? FileManager.default.removeItem(atPath: "\(stack.runDirectory)/ingest.port")
        try await stack.startService("ingest", extra: ["DUBAN_INGEST_AUTH": "off", "DUBAN_KAFKA_DELIVERY_TIMEOUT": "120s",
                                                       "DUBAN_INGEST_DEVICE_SETUP": "off"])
        let second = try DeviceClient(host: "127.0.0.1", port: stack.ingestPort)
        try send(hours[2], on: second)
        try send(hours[3], on: second)

        let reader = try TopicReader(stack: stack, topic: "duban.measurements")
        try await reader.read(until: { $0.count >= 4 })
        try await reader.settle(for: .seconds(3))
        let published = reader.events.compactMap { $0.data["dataTime"] as? String }
        #expect(published.count == 4, "each hour exactly once: \(published)")
        #expect(Set(published).count == 4)
        #expect(try stack.count("SELECT count(*) FROM ingest.data_keys WHERE mn = '\(mn)'") == 4)
        #expect(try stack.count("SELECT sum(repeats) FROM ingest.data_keys WHERE mn = '\(mn)'") == 3)
        let duplicates = try TopicReader(stack: stack, topic: "duban.frames")
        try await duplicates.read(until: { $0.count >= 7 })
        #expect(duplicates.events.filter { $0.data["duplicate"] as? Bool == true }.count == 3)
        await reader.close()
        await duplicates.close()
    }
}
