import Bus
import Domain
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
        let frame: FrameRecord
        do { frame = try CloudEvent<FrameRecord>.decode(record.value).data } catch {
            throw HandlingError.permanent("frame event does not decode: \(error)")
        }
        try await store(frame, in: db)
    }

    func store(_ frame: FrameRecord, in db: isolated Database) async throws {
        guard let raw = Data(base64Encoded: frame.raw) else {
            throw HandlingError.permanent("报文\(frame.frameId)的原始字节不是有效的 base64，无法存档")
        }
        let dataTime = Self.dataTime(in: Array(raw)) ?? frame.receivedAt
        try await ensurePartition(for: dataTime, in: db)
        var record = frame
        record.raw = ""  // the bytes are kept once, in `raw`
        try await db.execute("""
            INSERT INTO dispatch.frame_archive (frame_id, mn, cn, data_time, received_at, raw, record)
            VALUES (\(frame.frameId), \(frame.mn), \(frame.cn), \(dataTime), \(frame.receivedAt), \(Array(raw)), \(try JSONB(encoding: record)))
            ON CONFLICT (frame_id, data_time) DO NOTHING
            """)
    }

    /// The frames of one monitoring point whose data time lies in [from, to], oldest first, each
    /// as published (raw bytes base64 again).
    static func frames(mn: String, from: Date, to: Date, in db: isolated Database) async throws -> [FrameRecord] {
        let rows = try await db.query("""
            SELECT raw, record::text AS record FROM dispatch.frame_archive
            WHERE mn = \(mn) AND data_time >= \(from) AND data_time <= \(to)
            ORDER BY data_time, received_at, frame_id
            """)
        return try rows.map { row in
            var record = try JSONB(try row.decode("record", as: String.self)).decode(FrameRecord.self)
            record.raw = Data(try row.decode("raw", as: [UInt8].self)).base64EncodedString()
            return record
        }
    }

    /// Creates the month's partition when it is missing. Two replicas may race to create it: the
    /// loser's transaction fails and the consumer retries it, finding the partition there.
    private func ensurePartition(for dataTime: Date, in db: isolated Database) async throws {
        let month = Self.month(of: dataTime)
        let name = Self.partitionName(month)
        let exists = try await db.query("SELECT to_regclass(\("dispatch." + name)) IS NOT NULL AS present")
        if try exists.first?.decode("present", as: Bool.self) == true { return }
        let next = month.month == 12 ? (year: month.year + 1, month: 1) : (year: month.year, month: month.month + 1)
        // Bounds are digits formatted here, not input: DDL takes no parameters.
        try await db.execute(Query(unsafeRaw: """
            CREATE TABLE IF NOT EXISTS dispatch.\(name) PARTITION OF dispatch.frame_archive
            FOR VALUES FROM ('\(Self.monthStart(month))') TO ('\(Self.monthStart(next))')
            """))
    }

    /// `frame_archive_y2026m11`.
    static func partitionName(_ month: (year: Int, month: Int)) -> String {
        "frame_archive_y\(month.year)m" + (month.month < 10 ? "0" : "") + "\(month.month)"
    }

    /// The month (China time) an instant falls in.
    static func month(of instant: Date) -> (year: Int, month: Int) {
        let parts = ChinaTime.components(of: instant)
        return (parts.year, parts.month)
    }

    static func monthStart(_ month: (year: Int, month: Int)) -> String {
        "\(month.year)-" + (month.month < 10 ? "0" : "") + "\(month.month)-01 00:00:00+08"
    }

    /// The frame's `DataTime=YYYYMMDDhhmmss` (China time, HJ 212), or nil when it has none or
    /// it is not a valid instant (a split packet's later parts, a malformed value).
    static func dataTime(in raw: [UInt8]) -> Date? {
        let key = Array("DataTime=".utf8)
        guard raw.count >= key.count + 14 else { return nil }
        for start in 0...(raw.count - key.count - 14) where raw[start..<(start + key.count)].elementsEqual(key) {
            let digits = raw[(start + key.count)..<(start + key.count + 14)]
            guard digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            let number = { (offset: Int, length: Int) -> Int in
                digits.dropFirst(offset).prefix(length).reduce(0) { $0 * 10 + Int($1 - 0x30) }
            }
            var components = DateComponents()
            components.calendar = Calendar(identifier: .gregorian)
            components.timeZone = TimeZone(secondsFromGMT: ChinaTime.offsetSeconds)
            components.year = number(0, 4)
            components.month = number(4, 2)
            components.day = number(6, 2)
            components.hour = number(8, 2)
            components.minute = number(10, 2)
            components.second = number(12, 2)
            guard components.isValidDate, let date = components.date else { return nil }
            return date
        }
        return nil
    }
}
