import Foundation
import HJ212
import Net
import Simulation
import Testing

/// Devices of all three protocol generations, and the deviations real devices have, through real
/// TCP into Ingest (registry authentication off; all devices are lenient here).
@Suite(.serialized, .timeLimit(.minutes(5)))
struct ProtocolGenerationTests {
    @Test("2005, 2017 and 2025 framings and every accepted deviation are answered and measured with 2017 factor codes; a bad CRC is not")
    func generationsAndDeviations() async throws {
        let stack = try await Stack(name: "generations", importRegistry: false)
        defer { stack.stop() }
        try await stack.startService("ingest", extra: ["DUBAN_INGEST_AUTH": "off", "DUBAN_INGEST_DEVICE_SETUP": "off"])
        let hour = DeviceFrames.lastFullHour()
        var expected: [String] = []
        func send(_ mn: String, version: ProtocolVersion, _ misbehaviour: DeviceFrames.Misbehaviour? = nil) throws -> [UInt8]? {
            var frame = try DeviceFrames.hourly(mn: mn, password: "123456", hourStart: hour,
                                               readings: DeviceFrames.thinPathReadings(so2: 20), version: version)
            if let misbehaviour { frame = DeviceFrames.misbehaving(frame, misbehaviour) }
            let client = try DeviceClient(host: "127.0.0.1", port: stack.ingestPort)
            try client.send(frame)
            return client.readReply(timeout: .seconds(misbehaviour == .badCRC ? 3 : 20))
        }
        for (mn, version) in [("GEN2005000001", ProtocolVersion.v2005), ("GEN2017000001", .v2017), ("GEN2025000001", .v2025)] {
            let reply = try #require(try send(mn, version: version), "no reply to the \(version) frame")
            guard case .packet(let answer)? = FrameDecoder.decodeAll(reply, options: .lenient).first else {
                Issue.record("reply does not decode")
                continue
            }
            #expect(answer.cn == "9014")
            // A 2005 device gets the 2005 reply shape (QN inside CP), the others 2017's.
            #expect(version == .v2005 ? answer.cp.qn != nil : answer.qn != nil)
            expected.append(mn)
        }
        for misbehaviour in [DeviceFrames.Misbehaviour.lowercaseCRC, .lfOnly, .noTerminator, .modbusCRC, .lengthMismatch] {
            let mn = "DEV" + String(misbehaviour.rawValue.filter { $0.isLetter }.prefix(9)).uppercased()
            #expect(try send(mn, version: .v2017, misbehaviour) != nil, "\(misbehaviour) not answered")
            expected.append(mn)
        }
        #expect(try send("DEVBADCRC0001", version: .v2017, .badCRC) == nil)

        let reader = try TopicReader(stack: stack, topic: "duban.measurements")
        try await reader.read(until: { $0.count >= expected.count })
        try await reader.settle(for: .seconds(2))
        let byMN = Dictionary(reader.events.map { ($0.data["mn"] as? String ?? "", $0.data) }, uniquingKeysWith: { first, _ in first })
        #expect(Set(byMN.keys) == Set(expected))
        let old = try #require(byMN["GEN2005000001"])
        let factors = (old["readings"] as? [[String: Any]] ?? []).compactMap { $0["factor"] as? String }
        #expect(factors.contains("a21026"), "2005 code 02 mapped to a21026")
        #expect((old["protocolVersion"] as? String) == "2005")
        await reader.close()
    }
}
