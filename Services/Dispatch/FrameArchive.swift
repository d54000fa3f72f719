import Bus
import Domain
import Evidence
import Foundation
import Pipeline
import Store

/// Keeps every raw frame Ingest publishes (`duban.frames`) for evidence: the exact bytes with MN,
/// CN, data time and frame id in `dispatch.frame_archive`, partitioned by month of data time
/// (China time), so a month can be detached and dropped whole when its retention ends. A frame
/// stored twice (a redelivery) is stored once: its id and data time are the key.
struct FrameArchive: Sendable {
    /// Archives one `cn.duban.frame.v1` event, inside the consumer's transaction.
    func handle(_ db: isolated Database, _ record: ConsumedRecord, _ envelope: CloudEvent<AnyPayload>) async throws {
        guard envelope.type == EventType.frame else { return }
        let frame = try record.event(FrameRecord.self, "frame event").data
        try await store(frame, in: db)
    }

    func store(_ frame: FrameRecord, in db: isolated Database) async throws {
        guard let raw = Data(base64Encoded: frame.raw) else {
            throw HandlingError.permanent("报文\(frame.frameId)的原始字节不是有效的 base64，无法存档")
        }
        let dataTime = FrameArchiveMonth.dataTime(inFrame: Array(raw)) ?? frame.receivedAt
        try await ensurePartition(for: dataTime, in: db)
        var record = frame
        record.raw = ""  // the bytes are kept once, in `raw`
        try await db.execute("""
            INSERT INTO dispatch.frame_archive (frame_id, mn, cn, data_time, received_at, raw, record)
            VALUES (\(frame.frameId), \(frame.mn), \(frame.cn), \(dataTime), \(frame.receivedAt), \(Array(raw)), \(try JSONB(encoding: record)))
            ON CONFLICT (frame_id, data_time) DO NOTHING
            """)
    }

    /// Creates the month's partition when it is missing. Two replicas may race to create it: the
    /// loser's transaction fails and the consumer retries it, finding the partition there.
    private func ensurePartition(for dataTime: Date, in db: isolated Database) async throws {
        let month = FrameArchiveMonth(containing: dataTime)
        let exists = try await db.query("SELECT to_regclass(\("dispatch." + month.partitionName)) IS NOT NULL AS present")
        if try exists.first?.decode("present", as: Bool.self) == true { return }
        // Name and bounds are digits formatted by FrameArchiveMonth, not input: DDL takes no parameters.
        try await db.execute(Query(unsafeRaw: """
            CREATE TABLE IF NOT EXISTS dispatch.\(month.partitionName) PARTITION OF dispatch.frame_archive
            FOR VALUES FROM ('\(month.startLiteral)') TO ('\(month.next.startLiteral)')
            """))
    }
}
