import Domain
import Foundation
import JudgmentData
import Store

/// The SQL of the `judgment` schema, run inside the consumer's transaction.
struct JudgmentStore: Sendable {
    /// Stores the readings of one upload. A value identical to the newest revision of its period
    /// is ignored; a different one becomes the next revision (the earlier stays). Returns whether
    /// anything new was stored.
    func store(_ measurement: MeasurementRecord, in db: isolated Database) async throws -> Bool {
        try await db.execute("SELECT judgment.ensure_readings_partition(\(measurement.dataTime))")
        let latest = try await db.query("""
            SELECT DISTINCT ON (factor) factor, revision, rtd, min, avg, max, cou, zs_rtd, zs_avg, flag
            FROM judgment.readings
            WHERE mn = \(measurement.mn) AND data_time = \(measurement.dataTime) AND cn = \(measurement.cn)
            ORDER BY factor, revision DESC
            """)
        var newest: [String: (revision: Int, values: [Double?], flag: String?)] = [:]
        for row in latest {
            let values = try ["rtd", "min", "avg", "max", "cou", "zs_rtd", "zs_avg"].map { try row.decode($0, as: Double?.self) }
            newest[try row.decode("factor")] = (try row.decode("revision"), values, try row.decode("flag", as: String?.self))
        }
        var stored = false
        for reading in measurement.readings {
            let values = [reading.rtd, reading.min, reading.avg, reading.max, reading.cou, reading.zsRtd, reading.zsAvg]
            let previous = newest[reading.factor]
            if let previous, previous.values == values, previous.flag == reading.flag { continue }
            try await db.execute("""
                INSERT INTO judgment.readings (mn, cn, factor, data_time, revision, rtd, min, avg, max, cou, zs_rtd, zs_avg, flag, frame_id, received_at)
                VALUES (\(measurement.mn), \(measurement.cn), \(reading.factor), \(measurement.dataTime), \((previous?.revision ?? 0) + 1),
                        \(reading.rtd), \(reading.min), \(reading.avg), \(reading.max), \(reading.cou), \(reading.zsRtd), \(reading.zsAvg),
                        \(reading.flag), \(measurement.frameId), \(measurement.receivedAt))
                """)
            stored = true
        }
        guard stored else { return false }
        let minutes: Date? = measurement.cn == "2051" || measurement.cn == "2011" ? measurement.dataTime : nil
        let hours: Date? = measurement.cn == "2061" ? measurement.dataTime : nil
        try await db.execute("""
            INSERT INTO judgment.progress (mn, minutes_until, hours_until) VALUES (\(measurement.mn), \(minutes), \(hours))
            ON CONFLICT (mn) DO UPDATE SET
                minutes_until = greatest(judgment.progress.minutes_until, excluded.minutes_until),
                hours_until = greatest(judgment.progress.hours_until, excluded.hours_until)
            """)
        return true
    }

    /// Hours starting before this instant are complete: a later minute arrived, or their device
    /// hour did. Nil when nothing has arrived.
    func judgedThrough(mn: String, in db: isolated Database) async throws -> Date? {
        guard let row = try await db.query("SELECT minutes_until, hours_until FROM judgment.progress WHERE mn = \(mn)").first else { return nil }
        let minutes = try row.decode("minutes_until", as: Date?.self).map(ExceedanceRecomputation.hourFloor)
        let hours = try row.decode("hours_until", as: Date?.self).map { $0.addingTimeInterval(3600) }
        return [minutes, hours].compactMap { $0 }.max()
    }

    /// The newest revision of every minute, hour and day value of `mn` in `window`.
    static func values(mn: String, window: TimeSpan, in db: Database) async throws -> [StoredValue] {
        try await JudgmentReadings.values(mn: mn, window: window, in: db)
    }

    /// The newest version of every mark on the outlet (whole outlet or this MN) overlapping `window`.
    static func marks(outletId: String, mn: String, window: TimeSpan, in db: Database) async throws -> [MarkRecord] {
        try await JudgmentReadings.marks(outletId: outletId, mn: mn, window: window, in: db)
    }

    /// Stores `mark` when it is newer than the version held; returns the version it replaces
    /// (nil when new), or `.ignored` when an equal or newer version is already held.
    func store(_ mark: MarkRecord, in db: isolated Database) async throws -> MarkStorage {
        let held = try await db.query("SELECT version, body FROM judgment.marks WHERE id = \(mark.id) FOR UPDATE").first
        if let held, try held.decode("version", as: Int.self) >= mark.version { return .ignored }
        let body = try Self.encodeMark(mark)
        try await db.execute("""
            INSERT INTO judgment.marks (id, version, status, outlet_id, mn, span_start, span_end, body)
            VALUES (\(mark.id), \(mark.version), \(mark.status.rawValue), \(mark.outletId), \(mark.mn), \(mark.start), \(mark.end), \(body))
            ON CONFLICT (id) DO UPDATE SET version = excluded.version, status = excluded.status, outlet_id = excluded.outlet_id,
                mn = excluded.mn, span_start = excluded.span_start, span_end = excluded.span_end, body = excluded.body, received_at = now()
            """)
        return .stored(replacing: try held.map { try Self.decodeMark(try $0.decode("body")) })
    }

    enum MarkStorage {
        case ignored
        case stored(replacing: MarkRecord?)
    }

    /// The newest published version of every exceedance of the point overlapping `window`
    /// (withdrawn ones too), locked until the transaction ends.
    func published(outletId: String, mn: String, window: TimeSpan, in db: isolated Database) async throws -> [ExceedanceJudgment] {
        try await db.query("""
            SELECT body FROM judgment.judgments
            WHERE kind = 'exceedance' AND outlet_id = \(outletId) AND mn = \(mn)
              AND period_start < \(window.end) AND period_end > \(window.start)
            ORDER BY id FOR UPDATE
            """).map { try JudgmentPublication.decode(try $0.decode("body")) }
    }

    /// Records a new version: the current row and the version history.
    func save(_ judgment: ExceedanceJudgment, inputsHash: String?, in db: isolated Database) async throws {
        let body = try JudgmentPublication.canonical(judgment)
        try await db.execute("""
            INSERT INTO judgment.judgments (id, kind, version, status, outlet_id, factor, period_start, period_end, mn, body, inputs_hash)
            VALUES (\(judgment.id), 'exceedance', \(judgment.version), \(judgment.status.rawValue), \(judgment.outletId), \(judgment.factor),
                    \(judgment.periodStart), \(judgment.periodEnd), \(judgment.mn), \(body), \(inputsHash))
            ON CONFLICT (id) DO UPDATE SET version = excluded.version, status = excluded.status, period_start = excluded.period_start,
                period_end = excluded.period_end, mn = excluded.mn, body = excluded.body, inputs_hash = coalesce(excluded.inputs_hash, judgment.judgments.inputs_hash),
                updated_at = now()
            """)
        try await db.execute("""
            INSERT INTO judgment.judgment_versions (id, version, status, body, inputs_hash)
            VALUES (\(judgment.id), \(judgment.version), \(judgment.status.rawValue), \(body), \(inputsHash))
            """)
    }

    /// Monthly partitions for this month and the next, so the first upload of a month does not
    /// create one inside a busy transaction.
    static func createPartitionsAhead(in db: Database, now: Date = Date()) async throws {
        try await db.execute("SELECT judgment.ensure_readings_partition(\(now))")
        try await db.execute("SELECT judgment.ensure_readings_partition(\(now.addingTimeInterval(32 * 86_400)))")
    }

    static func encodeMark(_ mark: MarkRecord) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(mark), as: UTF8.self)
    }

    static func decodeMark(_ text: String) throws -> MarkRecord { try JudgmentReadings.decodeMark(text) }
}
