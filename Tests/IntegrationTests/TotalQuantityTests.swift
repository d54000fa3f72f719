import Bus
import Domain
import Foundation
import Simulation
import Testing

/// Total quantity through the real processes (Ingest → Judgment → Dispatch, broker, PostgreSQL):
/// one hour at the start of a month in which the thin-path point emits about 1.3 t of SO2
/// (400 mg/m³ × 900 m³/s). The permit of E-TP-01 allows 70 t of SO2 a month; at that pace the
/// month would emit over 900 t, so Judgment publishes one projected-breach warning for the
/// month (not for the year: 700 t, projected from 30 days) and Dispatch opens one total-quantity
/// order at pre-warning, per the total-quantity trigger.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct TotalQuantityTests {
    static let mn = ThinPathTests.mn
    static let password = ThinPathTests.password

    @Test("1.3 t of SO2 in a month's first hour → one monthly total-quantity warning (projection over the 70 t permit) and one pre-warning order")
    func projectedMonthlyBreach() async throws {
        let stack = try await Stack(name: "totals")
        defer { stack.stop() }
        for service in ["ingest", "judgment", "dispatch"] { try await stack.startService(service) }
        let judgments = try TopicReader(stack: stack, topic: BusTopics.judgments)
        defer { Task { await judgments.close() } }

        // The first hour of the month of the last full hour (China time): the projection's rate
        // is the mean since the month started, so one heavy hour projects the whole month.
        let day = CivilDate(chinaTimeOf: DeviceFrames.lastFullHour())
        let hour = try #require(CivilDate(year: day.year, month: day.month, day: 1)).startInChina
        let period = "\(day.year)-\(day.month < 10 ? "0" : "")\(day.month)"
        let id = "tot:E-TP-01:a21026:\(period)"
        let frames = try DeviceFrames.hours(mn: Self.mn, password: Self.password, from: hour, 0..<1) { _ in
            DeviceFrames.heavyLoadReadings(sulphurDioxide: 400, flow: 900)
        }
        try JudgmentTests.send(frames, to: stack)
        func totals(_ events: [[String: Any]]) -> [[String: Any]] { events.filter { $0["type"] as? String == EventType.totalQuantity } }
        _ = try await judgments.read(until: { !totals($0).isEmpty })
        try await stack.eventually("the total-quantity order") {
            try stack.count("SELECT count(*) FROM dispatch.orders WHERE cause = 'total_quantity'") == 1
        }
        try await judgments.settle(for: .seconds(3))

        let published = totals(judgments.events)
        #expect(published.count == 1, "one version: nothing changed after the only hour")
        let data = try #require(published.first?.data)
        #expect(data["id"] as? String == id)
        #expect(data["status"] as? String == "opened")
        #expect(data["kind"] as? String == "warning")
        #expect(data["period"] as? String == period)
        #expect(data["permittedTonnes"] as? Double == 70)
        let cumulative = try #require(data["cumulativeTonnes"] as? Double)
        #expect(abs(cumulative - 1.296) < 0.001, "400 mg/m³ × 900 m³/s × 3600 s = 1.296 t, got \(cumulative)")
        let projected = try #require(data["projectedShare"] as? Double)
        #expect(projected > 1, "the month projected at the hour's rate crosses 70 t")
        #expect(data["actualShare"] as? Double ?? 1 < 0.05)
        #expect((data["inputs"] as? [String: Any])?["outletIds"] as? [String] == [ThinPathTests.outletId])
        #expect(try stack.count("SELECT count(*) FROM judgment.emission_amounts WHERE mn = '\(Self.mn)' AND factor = 'a21026'") == 1)
        #expect(try stack.count("SELECT count(*) FROM judgment.totals WHERE id = '\(id)' AND kind = 'warning'") == 1)

        #expect(try stack.count("""
            SELECT count(*) FROM dispatch.orders WHERE cause = 'total_quantity' AND stage = 'pre_warning' AND episode_id = '\(id)'
            """) == 1)
        #expect(try stack.count("SELECT count(*) FROM dispatch.dead_letters") == 0)
        #expect(try stack.count("SELECT count(*) FROM judgment.dead_letters") == 0)
        // Every judgment published, the total-quantity one included, matches its schema.
        try await ThinPathTests.validateEvents(in: stack, topics: [BusTopics.judgments])
    }
}
