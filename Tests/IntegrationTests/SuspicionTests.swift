import Bus
import Domain
import Foundation
import Runtime
import Simulation
import Testing

/// A sign of falsification through the real processes (Ingest → Judgment → Dispatch, broker,
/// PostgreSQL): the thin-path point's O2 reads 20.8–20.9 % for three hours while the flow shows
/// the unit running (dilution air, a probe outside the duct), between hours of normal O2.
/// Judgment publishes one oxygen-near-21 suspicion with each hour's O2 and flow as evidence;
/// Dispatch opens exactly one suspected-falsification order, at handling after (rule
/// suspected-falsification), once however many versions the suspicion went through.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct SuspicionTests {
    static let mn = ThinPathTests.mn
    static let password = ThinPathTests.password

    @Test("O2 at 20.8–20.9 % for three operating hours → one oxygen-near-21 suspicion (closed once O2 returns) and one suspected-falsification order at handling after")
    func dilutionWhileOperating() async throws {
        let stack = try await Stack(name: "suspicion")
        defer { stack.stop() }
        for service in ["ingest", "judgment", "dispatch"] { try await stack.startService(service) }
        let judgments = try TopicReader(stack: stack, topic: BusTopics.judgments)
        defer { Task { await judgments.close() } }

        let first = DeviceFrames.lastFullHour().addingTimeInterval(-5 * 3600)
        let id = "sus:oxygen-near-21:\(ThinPathTests.outletId):a19001:\(Int64(first.timeIntervalSince1970) + 3600)@\(Self.mn)"
        let oxygen = [6.2, 20.9, 20.8, 20.9, 6.4]
        let frames = try DeviceFrames.hours(mn: Self.mn, password: Self.password, from: first, 0..<5) { hour in
            DeviceFrames.dilutionReadings(hour: hour, oxygen: oxygen[hour])
        }
        try JudgmentTests.send(frames, to: stack)
        func suspicions(_ events: [[String: Any]]) -> [[String: Any]] {
            events.filter { $0["type"] as? String == EventType.falsificationSuspicion }
        }
        _ = try await judgments.read(until: { events in suspicions(events).contains { $0.data["status"] as? String == "closed" } })
        try await stack.eventually("the suspected-falsification order") {
            try stack.count("SELECT count(*) FROM dispatch.orders WHERE cause = 'suspected_falsification'") == 1
        }
        try await judgments.settle(for: .seconds(3))

        let published = suspicions(judgments.events)
        #expect(Set(published.compactMap { $0.data["id"] as? String }) == [id], "one suspicion, from hour 1")
        let versions = JudgmentTests.versions(published)
        #expect(versions.first?.hasPrefix("opened@1") == true)
        #expect(versions.last == "closed@\(published.count)", "versions count up by one, the last one closes")
        let last = try #require(published.last?.data)
        #expect(last["kind"] as? String == "oxygen-near-21")
        #expect(last["ongoing"] as? Bool == false)
        let evidence = try #require(last["evidence"] as? [String: Any])
        #expect(evidence["hours"] as? Int == 3)
        #expect(evidence["referenceFactor"] as? String == "a00000")
        let hourly = try #require(evidence["hourly"] as? [[String: Any]])
        #expect(hourly.compactMap { $0["value"] as? Double } == [20.9, 20.8, 20.9])
        #expect(hourly.compactMap { $0["reference"] as? Double } == [301, 302, 303], "the flow of each hour shows the unit running")
        #expect(try stack.count("SELECT count(*) FROM judgment.suspicions WHERE id = '\(id)' AND status = 'closed'") == 1)

        #expect(try stack.count("""
            SELECT count(*) FROM dispatch.orders
            WHERE cause = 'suspected_falsification' AND stage = 'handling_after' AND episode_id = '\(id)'
            """) == 1)
        #expect(try stack.count("SELECT count(*) FROM dispatch.dead_letters") == 0)
        #expect(try stack.count("SELECT count(*) FROM judgment.dead_letters") == 0)
        // Every judgment published, the suspicion's versions included, matches its schema.
        try await ThinPathTests.validateEvents(in: stack, topics: [BusTopics.judgments])
    }

    @Test("the device's converted SO2 (ZsAvg 30) where its own mean 20 at 6 % O2 gives 20, for one hour between consistent ones → one converted-mismatch suspicion naming both values, one order; the stored hours carry the converted value")
    func convertedValueMismatch() async throws {
        let stack = try await Stack(name: "suspicion-converted")
        defer { stack.stop() }
        for service in ["ingest", "judgment", "dispatch"] { try await stack.startService(service) }
        let judgments = try TopicReader(stack: stack, topic: BusTopics.judgments)
        defer { Task { await judgments.close() } }

        let first = DeviceFrames.lastFullHour().addingTimeInterval(-4 * 3600)
        let mismatched = first.addingTimeInterval(3600)
        let id = "sus:converted-mismatch:\(ThinPathTests.outletId):a21026:\(Int64(mismatched.timeIntervalSince1970))@\(Self.mn)"
        let frames = try DeviceFrames.hours(mn: Self.mn, password: Self.password, from: first, 0..<4) { hour in
            [DeviceFrames.Reading(factor: "a21026", avg: 20, min: 18, max: 22, zsAvg: hour == 1 ? 30 : 20),
             DeviceFrames.Reading(factor: "a19001", avg: 6, min: 5.9, max: 6.1),
             DeviceFrames.Reading(factor: "a00000", avg: 300 + Double(hour), min: 290, max: 310)]
        }
        try JudgmentTests.send(frames, to: stack)
        func suspicions(_ events: [[String: Any]]) -> [[String: Any]] {
            events.filter { $0["type"] as? String == EventType.falsificationSuspicion }
        }
        _ = try await judgments.read(until: { events in suspicions(events).contains { $0.data["status"] as? String == "closed" } })
        try await stack.eventually("the suspected-falsification order") {
            try stack.count("SELECT count(*) FROM dispatch.orders WHERE cause = 'suspected_falsification' AND episode_id = '\(id)'") == 1
        }
        try await judgments.settle(for: .seconds(3))

        let published = suspicions(judgments.events)
        #expect(Set(published.compactMap { $0.data["id"] as? String }) == [id], "one suspicion, the mismatched hour's")
        let last = try #require(published.last?.data)
        #expect(last["kind"] as? String == "converted-mismatch")
        #expect(last["status"] as? String == "closed")
        let hourly = try #require((last["evidence"] as? [String: Any])?["hourly"] as? [[String: Any]])
        #expect(hourly.compactMap { $0["value"] as? Double } == [30], "the device's converted value")
        #expect(hourly.compactMap { $0["reference"] as? Double } == [20], "the value recomputed from the mean and O2")
        #expect(try stack.count("SELECT count(*) FROM dispatch.orders WHERE cause = 'suspected_falsification'") == 1)
        #expect(try stack.count("""
            SELECT count(*) FROM judgment.period_means WHERE mn = '\(Self.mn)' AND factor = 'a21026' AND level = 'hour'
              AND judged_value = 20 AND value_source = 'recomputed_from_o2' AND outcome = 'within-limit' AND limit_maximum = 35
            """) == 4)
        // duban-ctl judge, asked for the whole enterprise, recomputes the same suspicion from the stored data.
        let audit = try JudgmentTests.judge(stack, from: first, to: first.addingTimeInterval(4 * 3600), scope: ["--enterprise", "E-TP-01"])
        let recomputed = (audit["suspicions"] as? [[String: Any]] ?? []).filter { $0["id"] as? String == id }
        #expect(recomputed.count == 1)
        #expect(recomputed.first?["matchesPublished"] as? Bool == true)
        #expect(try stack.count("SELECT count(*) FROM judgment.dead_letters") == 0)
        try await ThinPathTests.validateEvents(in: stack, topics: [BusTopics.judgments])
    }

    @Test("the SO2 analyser's slope (i13008) reported 1.00, 1.00, then 1.25 in CN 3020 site information with no O&M record → one analyser-parameter-changed suspicion and one order; a maintenance mark over the change → withdrawn as version 2 and the order closed as withdrawn")
    func analyserParameterChanged() async throws {
        let stack = try await Stack(name: "suspicion-parameter")
        defer { stack.stop() }
        for service in ["ingest", "judgment", "dispatch"] { try await stack.startService(service) }
        let judgments = try TopicReader(stack: stack, topic: BusTopics.judgments)
        defer { Task { await judgments.close() } }

        let first = DeviceFrames.lastFullHour().addingTimeInterval(-3 * 3600)
        let times = [first, first.addingTimeInterval(3600), first.addingTimeInterval(7200)]
        let slopes = ["1.00", "1.00", "1.25"]
        let frames = try zip(times, slopes).map { time, slope in
            try DeviceFrames.siteInformation(mn: Self.mn, password: Self.password, dataTime: time, items: [
                .init(polId: "a21026", code: "i12001", value: "0"), .init(polId: "a21026", code: "i13008", value: slope),
                .init(polId: "a21026", code: "i13007", value: "0.5"),
            ])
        }
        try JudgmentTests.send(frames, to: stack)
        let id = "sus:analyser-parameter-changed.i13008:\(ThinPathTests.outletId):a21026:\(Int64(times[1].timeIntervalSince1970))@\(Self.mn)"
        func suspicions(_ events: [[String: Any]]) -> [[String: Any]] {
            events.filter { $0["type"] as? String == EventType.falsificationSuspicion }
        }
        _ = try await judgments.read(until: { !suspicions($0).isEmpty })
        try await stack.eventually("the suspected-falsification order") {
            try stack.count("SELECT count(*) FROM dispatch.orders WHERE cause = 'suspected_falsification' AND episode_id = '\(id)'") == 1
        }
        #expect(try stack.count("SELECT count(*) FROM judgment.site_information WHERE mn = '\(Self.mn)'") == 9)
        var published = suspicions(judgments.events)
        #expect(published.compactMap { $0.data["id"] as? String } == [id], "one suspicion: the 1.00 → 1.25 change")
        let parameter = try #require((published.first?.data["evidence"] as? [String: Any])?["parameter"] as? [String: Any])
        #expect(parameter["before"] as? String == "1.00")
        #expect(parameter["after"] as? String == "1.25")

        // The O&M record arrives late: a calibration mark over the change explains it.
        let mark = MarkRecord(
            id: "MK-IT-PARAM", version: 1, status: .active, typeId: "equipment.maintenance", family: .equipment, effect: .invalid,
            enterpriseId: try #require(published.first?.data["enterpriseId"] as? String), outletId: ThinPathTests.outletId, mn: Self.mn,
            factors: ["a21026"], start: times[1].addingTimeInterval(600), end: times[1].addingTimeInterval(1800), reasonKind: .planned,
            reason: "SO2 分析仪校准（斜率调整）", submittedBy: "it", role: "enterprise", acceptedAt: Date(), catalogueVersion: "it")
        let producer = try Producer(configuration: KafkaConfiguration(bootstrapServers: stack.bootstrap, clientID: "it-marks"),
                                    logger: Logger(label: "it.marks", level: .warning))
        defer { Task { await producer.close() } }
        let event = CloudEvent(id: "mark:\(mark.id)#v1", source: "/duban/marking", type: EventType.mark, subject: Self.mn, data: mark)
        _ = try await producer.send(OutgoingRecord(topic: BusTopics.marks, key: Array(Self.mn.utf8), value: try event.encoded()))
        _ = try await judgments.read(until: { suspicions($0).count >= 2 })
        // At handling after, a withdrawn judgment closes the order with the reason (it is not cancelled).
        try await stack.eventually("Dispatch to close the order") {
            try stack.count("SELECT count(*) FROM dispatch.orders WHERE episode_id = '\(id)' AND status = 'closed'") == 1
        }
        try await judgments.settle(for: .seconds(2))
        published = suspicions(judgments.events)
        #expect(JudgmentTests.versions(published) == ["closed@1", "withdrawn@2"])
        #expect(try stack.count("SELECT count(*) FROM judgment.dead_letters") == 0)
        try await ThinPathTests.validateEvents(in: stack, topics: [BusTopics.judgments])
    }
}
