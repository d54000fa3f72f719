import Bus
import Domain
import Foundation
import Simulation
import Testing

/// Missed marks for gaps in the data, through the real processes (Ingest → Judgment → Marking):
/// the thin-path point's NOx and dust analysers report a fault (flag D) for three hours, three days
/// ago, and nobody marked it. Judgment finds the gap; once its marking deadline has passed,
/// Marking reports one missed mark naming it (rule `missing-data-unmarked`), and only one.
@Suite(.serialized, .timeLimit(.minutes(4)))
struct MarkingGapTests {
    @Test("an unmarked three-hour analyser fault three days ago → Judgment's gap finding → exactly one missed-mark verdict naming it")
    func unmarkedGapIsMissed() async throws {
        let stack = try await Stack(name: "marking-gap")
        defer { stack.stop() }
        try await stack.startService("ingest")
        try await stack.startService("judgment")
        try await stack.startService("marking", extra: ["DUBAN_MARKING_SWEEP_INTERVAL": "1s"])
        let marks = try TopicReader(stack: stack, topic: BusTopics.marks)
        defer { Task { await marks.close() } }

        // Whole China-time hours three days back: far past the next-day-noon marking deadline.
        let first = DeviceFrames.lastFullHour().addingTimeInterval(-72 * 3600)
        let gapId = "abn:missing-data:\(ThinPathTests.outletId):*:\(Int64(first.timeIntervalSince1970) + 3600)@\(ThinPathTests.mn)"
        // Hour 0 normal, hours 1–3 NOx and dust flagged D, hour 4 normal again (the gap has ended).
        let frames = try DeviceFrames.hours(mn: ThinPathTests.mn, password: ThinPathTests.password, from: first, 0..<5) { hour in
            DeviceFrames.analyserFaultReadings(hour: hour, so2: 10 + Double(hour), faulty: (1...3).contains(hour))
        }
        try JudgmentTests.send(frames, to: stack)

        func missedGaps(_ events: [[String: Any]]) -> [[String: Any]] {
            events.filter { $0["type"] as? String == EventType.markVerdict && $0.data["ruleId"] as? String == "missing-data-unmarked" }
        }
        _ = try await marks.read(until: { !missedGaps($0).isEmpty }, timeout: .seconds(120))
        // Several sweeps more: the same verdict is not published again.
        try await marks.settle(for: .seconds(4))
        let verdicts = missedGaps(marks.events)
        #expect(verdicts.count == 1)
        let verdict = try #require(verdicts.first?.data)
        #expect(verdict["kind"] as? String == "missed")
        #expect(verdict["id"] as? String == "\(ThinPathTests.outletId)/missing-data-unmarked/\(gapId)")
        #expect((verdict["inputs"] as? [[String: Any]])?.first?["source"] as? String == "abnormal:\(gapId)")
        #expect(try stack.count("SELECT count(*) FROM marking.verdicts WHERE rule_id = 'missing-data-unmarked'") == 1)
        #expect(try stack.count("SELECT count(*) FROM marking.abnormal_findings WHERE id = '\(gapId)' AND status <> 'withdrawn'") == 1)
    }
}
