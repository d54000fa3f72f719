import Foundation
import HJ212
import Net
import Simulation
import Testing

/// Device authentication through real TCP into Ingest with the sample registry (authentication
/// on, as in production): registered devices are answered, unknown MNs and wrong passwords are
/// refused and recorded, and a strict device may not use a lenient-only deviation.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct DeviceAuthenticationTests {
    /// The sample registry's points (data/registry/sample.json), with their modes.
    static let strictPoints = ["88888880000001", "51018100000101", "51018100000102", "51118100000101", "51112600000401"]
    static let lenientPoints = ["51150400000101", "51011500000401"]
    static let password = "123456"

    struct Device {
        let mn: String
        let password: String
        var misbehaviour: DeviceFrames.Misbehaviour?
        /// Whether Ingest must answer (and publish a measurement).
        let answered: Bool
        /// The reason on duban.rejects when it must not.
        var refusal: String?
    }

    @Test("devices connecting at once: registered ones with their PW answered; an unknown MN and a wrong PW refused, recorded in ingest.refused_devices and on duban.rejects; a strict device's lenient-only deviation refused, a lenient device's answered")
    func authentication() async throws {
        let stack = try await Stack(name: "auth")
        defer { stack.stop() }
        try await stack.startService("ingest", extra: ["DUBAN_INGEST_DEVICE_SETUP": "off"])
        let hour = DeviceFrames.lastFullHour()
        var devices = (Self.strictPoints + Self.lenientPoints).map { Device(mn: $0, password: Self.password, answered: true) }
        devices += [
            Device(mn: "99999990000001", password: Self.password, answered: false, refusal: "unknown_device"),
            Device(mn: "99999990000002", password: Self.password, answered: false, refusal: "unknown_device"),
            Device(mn: "51150300000401", password: "654321", answered: false, refusal: "wrong_password"),
            // hj212.md: a length mismatch is accepted from lenient devices only.
            Device(mn: "51150400000101", password: Self.password, misbehaviour: .lengthMismatch, answered: true),
            Device(mn: "88888880000001", password: Self.password, misbehaviour: .lengthMismatch, answered: false, refusal: "length_mismatch"),
        ]
        // Every device connects and sends before any reply is read, so Ingest meets them together.
        var clients: [(Device, DeviceClient)] = []
        for (index, device) in devices.enumerated() {
            // A distinct hour per repeated MN keeps each frame a new data identity.
            let start = hour.addingTimeInterval(-3600 * Double(index))
            var frame = try DeviceFrames.hourly(mn: device.mn, password: device.password, hourStart: start,
                                               readings: DeviceFrames.thinPathReadings(so2: 20))
            if let misbehaviour = device.misbehaviour { frame = DeviceFrames.misbehaving(frame, misbehaviour) }
            let client = try DeviceClient(host: "127.0.0.1", port: stack.ingestPort)
            try client.send(frame)
            clients.append((device, client))
        }
        for (device, client) in clients where device.answered {
            let reply = try #require(client.readReply(timeout: .seconds(20)), "\(device.mn) \(device.misbehaviour?.rawValue ?? "") not answered")
            guard case .packet(let answer)? = FrameDecoder.decodeAll(reply, options: .lenient).first else {
                Issue.record("reply to \(device.mn) does not decode")
                continue
            }
            #expect(answer.cn == "9014")
            #expect(answer.mn == device.mn)
        }
        // By now the refused frames were handled too: they got no reply.
        for (device, client) in clients where !device.answered {
            #expect(client.readReply(timeout: .seconds(2)) == nil, "\(device.mn) refused (\(device.refusal ?? "")) but answered")
        }

        let refused = devices.filter { !$0.answered }
        let rejects = try TopicReader(stack: stack, topic: "duban.rejects")
        try await rejects.read(until: { $0.count >= refused.count })
        try await rejects.settle(for: .seconds(1))
        let published = rejects.events.map { "\($0.data["mn"] as? String ?? "")/\($0.data["reason"] as? String ?? "")" }.sorted()
        #expect(published == refused.map { "\($0.mn)/\($0.refusal ?? "")" }.sorted())
        await rejects.close()

        // Unknown and wrong devices are recorded (a strict device's deviation is a reject, not a refusal).
        let recorded = try stack.sql("SELECT mn || '/' || reason FROM ingest.refused_devices ORDER BY 1")
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(recorded == ["51150300000401/wrong_password", "99999990000001/unknown_device", "99999990000002/unknown_device"])

        let measurements = try TopicReader(stack: stack, topic: "duban.measurements")
        let answered = devices.filter(\.answered)
        try await measurements.read(until: { $0.count >= answered.count })
        try await measurements.settle(for: .seconds(1))
        #expect(measurements.events.compactMap { $0.data["mn"] as? String }.sorted() == answered.map(\.mn).sorted())
        await measurements.close()
    }
}
