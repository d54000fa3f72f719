import Foundation
import HJ212
import Net
import Runtime
import Simulation
import Testing

/// An upstream HJ 212 platform for the forwarding test: answers 9014 and records what it got.
final class FakeUpstream: TCPConnectionHandler {
    let received: Locked<[Packet]>
    private var decoder = FrameDecoder(options: .lenient)

    init(received: Locked<[Packet]>) { self.received = received }

    func received(_ bytes: UnsafeRawBufferPointer, on connection: TCPConnection) {
        decoder.append(bytes)
        while let event = decoder.next() {
            guard case .packet(let packet) = event else { continue }
            received.withLock { $0.append(packet) }
            if packet.wantsAck { connection.write(Replies.dataReply(to: packet)) }
        }
    }

    func closed(_ connection: TCPConnection, reason: String) {}
}

@Suite(.serialized, .timeLimit(.minutes(5)))
struct ForwardingTests {
    static func upstream(port: UInt16, received: Locked<[Packet]>) throws -> TCPServer {
        try TCPServer(configuration: .init(host: "127.0.0.1", port: port), logger: Logger(label: "it.upstream", level: .warning)) { _ in
            FakeUpstream(received: received)
        }
    }

    @Test("实时转发: accepted frames reach the upstream in order; while it is down they wait, and after it returns it catches up without losing any")
    func forwardsAndCatchesUp() async throws {
        let stack = try await Stack(name: "forward", importRegistry: false)
        defer { stack.stop() }
        let firstReceived = Locked<[Packet]>([])
        let first = try Self.upstream(port: 0, received: firstReceived)
        let upstreamPort = first.port
        try await stack.startService("ingest", extra: [
            "DUBAN_INGEST_AUTH": "off", "DUBAN_INGEST_DEVICE_SETUP": "off",
            "DUBAN_FORWARD_UPSTREAM": "127.0.0.1:\(upstreamPort)", "DUBAN_FORWARD_REPLY_TIMEOUT": "2s",
        ])
        let latest = DeviceFrames.lastFullHour()
        let hours = (0..<6).map { latest.addingTimeInterval(Double($0 - 5) * 3600) }
        let frames = try hours.map {
            try DeviceFrames.hourly(mn: "FWD000000001", password: "123456", hourStart: $0, readings: DeviceFrames.thinPathReadings(so2: 20))
        }
        let device = try DeviceClient(host: "127.0.0.1", port: stack.ingestPort)
        for frame in frames[0..<3] {
            try device.send(frame)
            #expect(device.readReply(timeout: .seconds(30)) != nil)
        }
        try await stack.eventually("three frames upstream") { firstReceived.value.count >= 3 }
        let hourDigits = try hours.map { try #require(HJ212DateTime(unixSeconds: Int64($0.timeIntervalSince1970))).digits }
        #expect(firstReceived.value.compactMap { $0.dataTime?.digits } == Array(hourDigits[0..<3]))

        // Upstream down: Ingest still answers its devices (Kafka has the frames) and the forwarder waits.
        await first.stop()
        for frame in frames[3..<6] {
            try device.send(frame)
            #expect(device.readReply(timeout: .seconds(30)) != nil)
        }
        try await Task.sleep(for: .seconds(2))

        // Upstream back on the same port: it catches up, in order, nothing lost.
        let secondReceived = Locked<[Packet]>([])
        let second = try Self.upstream(port: upstreamPort, received: secondReceived)
        try await stack.eventually("the frames held back", timeout: .seconds(90)) {
            Set(secondReceived.value.compactMap { $0.dataTime?.digits }).isSuperset(of: hourDigits[3..<6])
        }
        let caughtUp = secondReceived.value.compactMap { $0.dataTime?.digits }.filter { hourDigits[3..<6].contains($0) }
        // In order (a frame whose reply was lost may come again, right after itself).
        var deduplicated: [String] = []
        for digits in caughtUp where deduplicated.last != digits { deduplicated.append(digits) }
        #expect(deduplicated == Array(hourDigits[3..<6]))
        #expect(secondReceived.value.allSatisfy { $0.mn == "FWD000000001" && $0.cn == "2061" })
        await second.stop()
    }
}
