import Foundation
import HJ212
import Net
import Simulation
import Testing

/// How long Ingest keeps data identities (`ingest.data_keys`, one partition per UTC month of
/// DataTime), through the real service and PostgreSQL.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct DataKeyRetentionTests {
    static let ingestSettings = ["DUBAN_INGEST_AUTH": "off", "DUBAN_KAFKA_DELIVERY_TIMEOUT": "120s", "DUBAN_INGEST_DEVICE_SETUP": "off"]

    /// `ingest.data_keys_m202611`: the partition a DataTime's UTC month gets.
    static func partition(of instant: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month], from: instant)
        return String(format: "ingest.data_keys_m%04d%02d", parts.year!, parts.month!)
    }

    @Test("identities go to their month's partition inside the retention and to the default partition outside it; a restart with a shorter retention drops the old months, and data re-sent after its identity was dropped is published again under the same event id while kept ones stay duplicates")
    func retention() async throws {
        let stack = try await IngestTests.startIngest("retention", extra: ["DUBAN_INGEST_KEY_RETENTION_DAYS": "60"])
        defer { stack.stop() }
        let hour = DeviceFrames.lastFullHour()
        // One point per case, so no point has a gap to pull back.
        let cases: [(mn: String, hour: Date, partition: String)] = [
            ("KEEPNOW000001", hour, Self.partition(of: hour)),
            ("KEEP40DAYS001", hour.addingTimeInterval(-40 * 86_400), Self.partition(of: hour.addingTimeInterval(-40 * 86_400))),
            ("PAST100DAYS01", hour.addingTimeInterval(-100 * 86_400), "ingest.data_keys_outside"),
            ("AHEAD4MONTHS1", hour.addingTimeInterval(120 * 86_400), "ingest.data_keys_outside"),
        ]
        func send(_ mn: String, _ hour: Date) throws {
            let frame = try IngestTests.frame(mn: mn, hour: hour)
            let client = try DeviceClient(host: "127.0.0.1", port: stack.ingestPort)
            try client.send(frame)
            #expect(IngestTests.isReply(client.readReply(timeout: .seconds(30)), to: frame), "\(mn) not answered")
        }
        func partitionOf(_ mn: String) throws -> String {
            try stack.sql("SELECT tableoid::regclass::text FROM ingest.data_keys WHERE mn = '\(mn)'").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        for entry in cases { try send(entry.mn, entry.hour) }
        for entry in cases { #expect(try partitionOf(entry.mn) == entry.partition, "\(entry.mn)") }
        // Only months inside the window got a partition: none for the far-ahead month, nor for the
        // month 100 days ago, which ends before the cut-off (60 days ago).
        let months = try stack.sql("""
            SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'ingest.data_keys'::regclass AND c.relname LIKE 'data_keys_m%'
            """).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(months == Set([cases[0].partition, cases[1].partition]).sorted().map { $0.replacingOccurrences(of: "ingest.", with: "") }
            .joined(separator: ","))

        // Restart keeping 7 days: the 40-days-ago month ends at least 9 days ago, so it is dropped,
        // and the default partition's rows before the cut-off go too; the newest and the far-ahead stay.
        #expect(try #require(stack.process("ingest")).terminate() == 0)
        try? FileManager.default.removeItem(atPath: "\(stack.runDirectory)/ingest.port")
        try await stack.startService("ingest", extra: Self.ingestSettings.merging(["DUBAN_INGEST_KEY_RETENTION_DAYS": "7"]) { $1 })
        // Ingest prunes before it listens: the old month is gone by now.
        #expect(try stack.count("SELECT count(*) FROM pg_class WHERE relname = '\(cases[1].partition.replacingOccurrences(of: "ingest.", with: ""))'") == 0)
        #expect(try partitionOf("KEEP40DAYS001").isEmpty)
        #expect(try partitionOf("PAST100DAYS01").isEmpty)
        #expect(try partitionOf("KEEPNOW000001") == cases[0].partition)
        #expect(try partitionOf("AHEAD4MONTHS1") == "ingest.data_keys_outside")

        // Sent again: the dropped one is new again (same event id), the kept one a duplicate.
        try send("KEEP40DAYS001", cases[1].hour)
        try send("KEEPNOW000001", cases[0].hour)
        let reader = try TopicReader(stack: stack, topic: "duban.measurements")
        try await reader.read(until: { $0.count >= cases.count + 1 })
        try await reader.settle(for: .seconds(2))
        let ids = reader.events.compactMap { $0["id"] as? String }
        let byMN = Dictionary(grouping: reader.events) { $0.data["mn"] as? String ?? "" }
        #expect(ids.count == cases.count + 1, "\(ids)")
        #expect(byMN["KEEP40DAYS001"]?.count == 2)
        #expect(Set(byMN["KEEP40DAYS001"]?.compactMap { $0["id"] as? String } ?? []).count == 1, "the same event id both times")
        #expect(byMN["KEEPNOW000001"]?.count == 1)
        await reader.close()
    }
}
