import Foundation
import HJ212
import Net
import Simulation
import Testing

/// Device clocks and implausible timestamps through real TCP into Ingest: a skewed QN draws a 1012,
/// a time-calibration request (1013) is answered 9013 and then set, a DataTime in the future or
/// beyond the past limit is flagged on the frame record, and re-sent history is marked late.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct DeviceClockTests {
    static func packet(_ bytes: [UInt8]?) -> Packet? {
        guard let bytes, case .packet(let packet)? = FrameDecoder.decodeAll(bytes).first else { return nil }
        return packet
    }

    /// A 1012 whose SystemTime is the platform's clock now (within a minute).
    static func isTimeSetting(_ packet: Packet?, mn: String) -> Bool {
        guard let packet, packet.cn == "1012", packet.mn == mn, let time = packet.cp.time("SystemTime") else { return false }
        return abs(Double(time.unixSeconds) - Date().timeIntervalSince1970) < 60
    }

    @Test("a QN an hour off gets 9014 then a 1012 with the platform's time; a 1013 gets 9013 then a 1012; future and ancient DataTimes are flagged on duban.frames; re-sent history is marked late, the current hour is not")
    func clocksAndTimestamps() async throws {
        let stack = try await IngestTests.startIngest("clocks")
        defer { stack.stop() }
        // An hour that began between 30 and 90 minutes ago: never late (2 h for hourly data), never
        // ahead, whenever in the hour the test runs.
        let hour = DeviceFrames.lastFullHour(before: Date().addingTimeInterval(1800))
        func frame(_ mn: String, hour: Date, qnTime: Date = Date()) throws -> [UInt8] {
            try DeviceFrames.hourly(mn: mn, password: "123456", hourStart: hour, readings: DeviceFrames.thinPathReadings(so2: 20), qnTime: qnTime)
        }

        // A device clock an hour behind (the allowed skew is 5 min): answered, then set.
        let skewed = try DeviceClient(host: "127.0.0.1", port: stack.ingestPort)
        try skewed.send(try frame("CLOCKSKEW0001", hour: hour, qnTime: Date().addingTimeInterval(-3600)))
        #expect(Self.packet(skewed.readReply(timeout: .seconds(20)))?.cn == "9014")
        #expect(Self.isTimeSetting(Self.packet(skewed.readReply(timeout: .seconds(10))), mn: "CLOCKSKEW0001"), "no 1012 after a skewed QN")

        // A device in time draws no 1012.
        let inTime = try DeviceClient(host: "127.0.0.1", port: stack.ingestPort)
        try inTime.send(try frame("CLOCKGOOD0001", hour: hour))
        #expect(Self.packet(inTime.readReply(timeout: .seconds(20)))?.cn == "9014")
        #expect(inTime.readReply(timeout: .seconds(2)) == nil, "a device in time was sent a command")

        // A time-calibration request (1013, a notification): 9013 with its QN, then the time.
        let asking = try DeviceClient(host: "127.0.0.1", port: stack.ingestPort)
        let qn = try #require(HJ212DateTime(unixSeconds: Int64(Date().timeIntervalSince1970), millisecond: 123)).qnDigits
        let request = try PacketEncoder.frame(segment: try PacketEncoder.segment(
            PacketHeader(qn: qn, st: "31", cn: "1013", pw: "123456", mn: "CLOCKASK0001", flag: 5), cp: []))
        try asking.send(request)
        let notified = try #require(Self.packet(asking.readReply(timeout: .seconds(20))), "no reply to 1013")
        #expect(notified.cn == "9013")
        #expect(notified.qn == qn)
        #expect(Self.isTimeSetting(Self.packet(asking.readReply(timeout: .seconds(10))), mn: "CLOCKASK0001"), "no 1012 after a 1013")

        // DataTime two days ahead (tolerance 10 min) and 40 days back (limit 30 days): answered,
        // passed on, flagged. Five hours back is re-sent history (补传): late, not flagged.
        let cases: [(mn: String, hour: Date, flag: String?, late: Bool)] = [
            ("CLOCKFUTURE01", hour.addingTimeInterval(2 * 86_400), "future_datatime", false),
            ("CLOCKANCIENT1", hour.addingTimeInterval(-40 * 86_400), "ancient_datatime", true),
            ("CLOCKBACKFILL", hour.addingTimeInterval(-5 * 3600), nil, true),
            ("CLOCKGOOD0001", hour, nil, false),
        ]
        for entry in cases where entry.mn != "CLOCKGOOD0001" {
            let client = try DeviceClient(host: "127.0.0.1", port: stack.ingestPort)
            try client.send(try frame(entry.mn, hour: entry.hour))
            #expect(Self.packet(client.readReply(timeout: .seconds(20)))?.cn == "9014", "\(entry.mn) not answered")
        }

        func allCases(_ events: [[String: Any]]) -> Bool {
            cases.allSatisfy { entry in events.contains { $0.data["mn"] as? String == entry.mn } }
        }
        let frames = try TopicReader(stack: stack, topic: "duban.frames")
        try await frames.read(until: allCases)
        let measurements = try TopicReader(stack: stack, topic: "duban.measurements")
        try await measurements.read(until: allCases)
        for entry in cases {
            let record = try #require(frames.events.first { $0.data["mn"] as? String == entry.mn && $0.data["cn"] as? String == "2061" })
            let deviations = record.data["deviations"] as? [String] ?? []
            #expect(deviations.contains { $0.hasSuffix("_datatime") } == (entry.flag != nil), "\(entry.mn): \(deviations)")
            if let flag = entry.flag { #expect(deviations.contains(flag), "\(entry.mn): \(deviations)") }
            let measurement = try #require(measurements.events.first { $0.data["mn"] as? String == entry.mn })
            #expect(measurement.data["late"] as? Bool == entry.late, "\(entry.mn) late")
        }
        await frames.close()
        await measurements.close()
    }
}
