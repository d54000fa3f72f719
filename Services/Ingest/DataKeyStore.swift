import Domain
import Foundation
import Runtime
import Store

/// The data identities (MN, CN, DataTime, PNO) already published, so a frame sent again is
/// recognised. Frames from thousands of connections arrive at once: lookups and inserts are
/// gathered into batches (one statement for up to `maxBatch` keys) and spread over a few
/// connections, so the database costs one round trip per batch, not per frame.
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
    }

    private let lookups: Batcher<Key, Bool>
    private let inserts: Batcher<(Key, String), Bool>

    init(databases: [Database], maxBatch: Int = 256) {
        precondition(!databases.isEmpty, "DataKeyStore needs at least one connection")
        let pool = ConnectionPool(databases)
        lookups = Batcher(maxBatch: maxBatch) { keys in
            let database = pool.next()
            var query: Query = "SELECT mn, cn, data_time, packet_no FROM ingest.data_keys WHERE (mn, cn, data_time, packet_no) IN ("
            for (index, key) in keys.enumerated() {
                if index > 0 { query += ", " }
                query += "(\(key.mn), \(key.cn), \(key.dataTime), \(key.packetNumber))"
            }
            query += ")"
            let rows = try await database.query(query)
            var seen = Set<Key>()
            for row in rows {
                seen.insert(Key(mn: try row.decode("mn", as: String.self), cn: try row.decode("cn", as: String.self),
                                dataTime: try row.decode("data_time", as: Date.self), packetNumber: try row.decode("packet_no", as: Int.self)))
            }
            return keys.map { seen.contains($0) }
        }
        inserts = Batcher(maxBatch: maxBatch) { entries in
            let database = pool.next()
            // One row per key: a repeat within the batch would make ON CONFLICT touch a row twice.
            var unique: [Key: String] = [:]
            var repeats: [Key: Int] = [:]
            for (key, frameId) in entries {
                if unique[key] == nil { unique[key] = frameId } else { repeats[key, default: 0] += 1 }
            }
            var query: Query = "INSERT INTO ingest.data_keys (mn, cn, data_time, packet_no, frame_id, repeats) VALUES "
            for (index, (key, frameId)) in unique.enumerated() {
                if index > 0 { query += ", " }
                query += "(\(key.mn), \(key.cn), \(key.dataTime), \(key.packetNumber), \(frameId), \(repeats[key] ?? 0))"
            }
            query += " ON CONFLICT (mn, cn, data_time, packet_no) DO UPDATE SET repeats = ingest.data_keys.repeats + 1 + EXCLUDED.repeats"
            try await database.execute(query)
            return entries.map { _ in true }
        }
    }

    func isKnown(_ measurement: MeasurementRecord) async throws -> Bool {
        try await lookups.submit(Key(measurement))
    }

    func remember(_ measurement: MeasurementRecord) async throws {
        _ = try await inserts.submit((Key(measurement), measurement.frameId))
    }
}

extension DataKeyStore.Key {
    init(mn: String, cn: String, dataTime: Date, packetNumber: Int) {
        self.mn = mn
        self.cn = cn
        self.dataTime = dataTime
        self.packetNumber = packetNumber
    }
}

/// Round-robin over a few connections (each `Database` is one connection).
final class ConnectionPool: Sendable {
    private let databases: [Database]
    private let counter = Locked(0)

    init(_ databases: [Database]) { self.databases = databases }

    func next() -> Database {
        databases[counter.withLock { value in
            value = (value + 1) % databases.count
            return value
        }]
    }
}

/// Gathers requests that arrive while a batch is running into the next batch: under load each
/// round trip carries many requests; when idle a request goes out alone, at once.
final class Batcher<Request: Sendable, Answer: Sendable>: Sendable {
    typealias Work = @Sendable ([Request]) async throws -> [Answer]

    private struct State: Sendable {
        var waiting: [(Request, CheckedContinuation<Answer, any Error>)] = []
        var running = 0
    }

    private let state = Locked(State())
    private let maxBatch: Int
    private let maxConcurrent: Int
    private let work: Work

    init(maxBatch: Int, maxConcurrent: Int = 4, work: @escaping Work) {
        self.maxBatch = maxBatch
        self.maxConcurrent = maxConcurrent
        self.work = work
    }

    func submit(_ request: Request) async throws -> Answer {
        try await withCheckedThrowingContinuation { continuation in
            let start = state.withLock { state -> Bool in
                state.waiting.append((request, continuation))
                guard state.running < maxConcurrent else { return false }
                state.running += 1
                return true
            }
            if start { Task { await self.drain() } }
        }
    }

    private func drain() async {
        while true {
            let batch = state.withLock { state -> [(Request, CheckedContinuation<Answer, any Error>)] in
                let taken = Array(state.waiting.prefix(maxBatch))
                state.waiting.removeFirst(taken.count)
                if taken.isEmpty { state.running -= 1 }
                return taken
            }
            guard !batch.isEmpty else { return }
            do {
                let answers = try await work(batch.map(\.0))
                for (entry, answer) in zip(batch, answers) { entry.1.resume(returning: answer) }
            } catch {
                for entry in batch { entry.1.resume(throwing: error) }
            }
        }
    }
}
