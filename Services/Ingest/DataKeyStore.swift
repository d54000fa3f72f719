import Domain
import Foundation
import Runtime
import Store

/// The data identities (MN, CN, DataTime, PNO) already published, so a frame sent again is
/// recognised. A frame strictly newer than its point's newest known DataTime is new without a
/// lookup (`NewestDataTimes`); others are looked up. Frames from thousands of connections arrive at
/// once: lookups and inserts are gathered into batches (one statement of a few array parameters
/// for up to `maxBatch` keys) and spread over a few connections, so the database costs one round
/// trip per batch, not per frame.
final class DataKeyStore: Sendable {
    struct Key: Hashable, Sendable {
        let mn: String
        let cn: String
        let dataTime: Date
        let packetNumber: Int

        init(_ measurement: MeasurementRecord) {
            mn = measurement.mn
            cn = measurement.cn
            dataTime = measurement.dataTime
            packetNumber = measurement.packetNumber ?? 0
        }

        var point: NewestDataTimes.Point { NewestDataTimes.Point(mn: mn, cn: cn) }
    }

    /// What `check` found; `remember` needs it back.
    struct Check: Sendable {
        /// Published before: not to be published again.
        let known: Bool
        /// Judged new from the point's newest DataTime, without a lookup.
        let withoutLookup: Bool
    }

    private struct Lookup: Sendable {
        let known: Bool
        /// The newest DataTime stored for the key's point.
        let newest: Date?
    }

    private struct Insert: Sendable {
        let key: Key
        let frameId: String
        let judgedWithoutLookup: Bool
    }

    private let lookups: Batcher<Key, Lookup>
    private let inserts: Batcher<Insert, Bool>
    private let newest: NewestDataTimes
    private let logger: Logger
    private let checksWithoutLookup = MetricsRegistry.shared.counter(
        "duban_ingest_data_keys_unlooked_total", help: "Data identities judged new from the point's newest DataTime, without a lookup")
    private let staleNewest = MetricsRegistry.shared.counter(
        "duban_ingest_data_keys_stale_newest_total", help: "Identities judged new without a lookup that another instance had stored")

    init(databases: [Database], partitions: DataKeyPartitions, logger: Logger, maxBatch: Int = 256,
         newest: NewestDataTimes = NewestDataTimes()) {
        precondition(!databases.isEmpty, "DataKeyStore needs at least one connection")
        self.newest = newest
        self.logger = logger
        let pool = ConnectionPool(databases)
        lookups = Batcher(maxBatch: maxBatch) { keys in
            let columns = KeyColumns(keys)
            let rows = try await pool.next().query("""
                SELECT k.i,
                       EXISTS (SELECT 1 FROM ingest.data_keys d
                               WHERE d.mn = k.mn AND d.cn = k.cn AND d.data_time = k.data_time AND d.packet_no = k.packet_no) AS known,
                       (SELECT max(d.data_time) FROM ingest.data_keys d WHERE d.mn = k.mn AND d.cn = k.cn) AS newest
                FROM (SELECT u.i, u.mn, u.cn, 'epoch'::timestamptz + u.s * interval '1 second' + u.us * interval '1 microsecond' AS data_time,
                             u.p AS packet_no
                      FROM unnest(\(columns.mn.literal)::text[], \(columns.cn.literal)::text[], \(columns.seconds.literal)::int8[], \(columns.micros.literal)::int8[],
                                  \(columns.packetNumber.literal)::int4[]) WITH ORDINALITY AS u(mn, cn, s, us, p, i)) k
                """)
            var answers = [Lookup](repeating: Lookup(known: false, newest: nil), count: keys.count)
            for row in rows {
                let index = try row.decode("i", as: Int.self) - 1
                guard answers.indices.contains(index) else { throw DataKeyError.unexpectedRow(index) }
                answers[index] = Lookup(known: try row.decode("known", as: Bool.self), newest: try row.decode("newest", as: Date?.self))
            }
            guard rows.count == keys.count else { throw DataKeyError.missingRows(expected: keys.count, found: rows.count) }
            return answers
        }
        inserts = Batcher(maxBatch: maxBatch) { [newest, staleNewest, logger] entries in
            // One row per key: a repeat within the batch would make ON CONFLICT touch a row twice.
            var unique: [Key: (frameId: String, repeats: Int, withoutLookup: Bool)] = [:]
            var order: [Key] = []
            for entry in entries {
                if let existing = unique[entry.key] {
                    unique[entry.key] = (existing.frameId, existing.repeats + 1, existing.withoutLookup || entry.judgedWithoutLookup)
                } else {
                    unique[entry.key] = (entry.frameId, 0, entry.judgedWithoutLookup)
                    order.append(entry.key)
                }
            }
            let columns = KeyColumns(order)
            var frameIds = PostgresArrayText()
            var repeats = PostgresArrayText()
            var withoutLookup = PostgresArrayText()
            for key in order {
                let entry = unique[key]!
                frameIds.append(entry.frameId)
                repeats.append(entry.repeats)
                withoutLookup.append(entry.withoutLookup)
            }
            let database = pool.next()
            await partitions.prepare(order.lazy.map(\.dataTime), on: database)
            // `stale` reads the snapshot before the insert (one statement): identities judged new
            // without a lookup that were stored already, by another instance.
            let stale = try await database.query("""
                WITH k AS (
                    SELECT u.mn, u.cn, 'epoch'::timestamptz + u.s * interval '1 second' + u.us * interval '1 microsecond' AS data_time,
                           u.p AS packet_no, u.f AS frame_id, u.r AS repeats, u.w AS without_lookup
                    FROM unnest(\(columns.mn.literal)::text[], \(columns.cn.literal)::text[], \(columns.seconds.literal)::int8[], \(columns.micros.literal)::int8[],
                                \(columns.packetNumber.literal)::int4[], \(frameIds.literal)::text[], \(repeats.literal)::int4[],
                                \(withoutLookup.literal)::bool[]) AS u(mn, cn, s, us, p, f, r, w)),
                stale AS (
                    SELECT k.mn, k.cn FROM k JOIN ingest.data_keys d USING (mn, cn, data_time, packet_no) WHERE k.without_lookup),
                stored AS (
                    INSERT INTO ingest.data_keys (mn, cn, data_time, packet_no, frame_id, repeats)
                    SELECT mn, cn, data_time, packet_no, frame_id, repeats FROM k
                    ON CONFLICT (mn, cn, data_time, packet_no) DO UPDATE SET repeats = ingest.data_keys.repeats + 1 + EXCLUDED.repeats)
                SELECT DISTINCT mn, cn FROM stale
                """)
            for row in stale {
                let point = NewestDataTimes.Point(mn: try row.decode("mn", as: String.self), cn: try row.decode("cn", as: String.self))
                newest.forget(point)
                staleNewest.increment()
                logger.warning("a frame judged new from its point's newest DataTime was stored before (another Ingest instance); its measurement went out again with the same event id, and the point is looked up from now on",
                               metadata: ["mn": point.mn, "cn": point.cn])
            }
            return entries.map { _ in true }
        }
    }

    /// Whether the measurement's data identity was published before. Frames of `connection` that
    /// are strictly newer than their point's newest DataTime skip the lookup.
    func check(_ measurement: MeasurementRecord, connection: UInt64) async throws -> Check {
        let key = Key(measurement)
        if newest.claimIfNewer(key.point, dataTime: key.dataTime, connection: connection) {
            checksWithoutLookup.increment()
            return Check(known: false, withoutLookup: true)
        }
        let answer = try await lookups.submit(key)
        newest.learn(key.point, stored: answer.newest, judgedNew: answer.known ? nil : key.dataTime, connection: connection)
        return Check(known: answer.known, withoutLookup: false)
    }

    /// Records the identity once its frame was published (a repeat counts in `repeats`).
    func remember(_ measurement: MeasurementRecord, check: Check) async throws {
        _ = try await inserts.submit(Insert(key: Key(measurement), frameId: measurement.frameId, judgedWithoutLookup: check.withoutLookup))
    }
}

/// The key columns of a batch as array parameters (DataTime as whole seconds and microseconds
/// since the epoch, exact in SQL's interval arithmetic).
private struct KeyColumns {
    private(set) var mn = PostgresArrayText()
    private(set) var cn = PostgresArrayText()
    private(set) var seconds = PostgresArrayText()
    private(set) var micros = PostgresArrayText()
    private(set) var packetNumber = PostgresArrayText()

    init(_ keys: [DataKeyStore.Key]) {
        for key in keys {
            let total = Int64((key.dataTime.timeIntervalSince1970 * 1_000_000).rounded())
            let (whole, fraction) = total.quotientAndRemainder(dividingBy: 1_000_000)
            let (second, micro) = fraction < 0 ? (whole - 1, fraction + 1_000_000) : (whole, fraction)
            mn.append(key.mn)
            cn.append(key.cn)
            seconds.append(second)
            micros.append(micro)
            packetNumber.append(key.packetNumber)
        }
    }
}

enum DataKeyError: Error, CustomStringConvertible {
    case unexpectedRow(Int)
    case missingRows(expected: Int, found: Int)

    var description: String {
        switch self {
        case .unexpectedRow(let index): "data key lookup returned a row for position \(index + 1), which was not asked for"
        case .missingRows(let expected, let found): "data key lookup returned \(found) rows for \(expected) keys"
        }
    }
}
