import Foundation
public import Bus
public import Runtime
public import Store

/// Publishes the outbox with the idempotent producer, oldest first, and marks what the broker
/// acknowledged. A crash between the acknowledgement and the mark publishes those events again
/// on restart; consumers recognise them by event id (their inbox), so nothing happens twice.
public final class OutboxRelay: Service {
    public let name = "outbox-relay"
    private let schema: String
    private let database: Database
    private let producer: Producer
    private let logger: Logger
    private let pollInterval: Duration
    private let batchSize: Int
    private let stopping = AsyncLatch()
    private let finished = AsyncLatch()
    private let published: Counter
    private let backlog: Gauge

    public init(schema: String, database: Database, producer: Producer, logger: Logger,
                pollInterval: Duration = .milliseconds(50), batchSize: Int = 500) {
        self.schema = schema
        self.database = database
        self.producer = producer
        self.logger = logger
        self.pollInterval = pollInterval
        self.batchSize = batchSize
        published = MetricsRegistry.shared.counter("duban_outbox_published_total", help: "Events published from the outbox", labels: ["schema": schema])
        backlog = MetricsRegistry.shared.gauge("duban_outbox_backlog", help: "Outbox events not yet published", labels: ["schema": schema])
    }

    public func run() async throws {
        defer { finished.open() }
        var failures = 0
        while !stopping.isOpen {
            do {
                let count = try await publishBatch()
                failures = 0
                if count < batchSize { try? await Task.sleep(for: pollInterval) }
            } catch {
                failures += 1
                let delay = Backoff.delay(attempt: failures)
                logger.warning("outbox relay failed; retrying", metadata: ["error": "\(error)", "retry.in": "\(delay)"])
                try? await Task.sleep(for: delay)
            }
        }
        // Drain what was committed before shutdown so nothing waits for the next start.
        _ = try? await publishBatch()
    }

    /// Returns once the final drain finished, so the producer is still open for it.
    public func shutdown() async {
        stopping.open()
        await finished.wait()
    }

    /// Publishes one batch; returns how many events it published.
    func publishBatch() async throws -> Int {
        let rows = try await database.query("""
            SELECT id, topic, key, payload FROM \(identifier: schema).outbox
            WHERE published_at IS NULL ORDER BY id LIMIT \(batchSize)
            """)
        backlog.set(rows.count)
        guard !rows.isEmpty else { return 0 }
        var records: [(id: Int64, record: OutgoingRecord)] = []
        for row in rows {
            let key = try row.decode("key", as: String?.self)
            records.append((
                try row.decode("id", as: Int64.self),
                OutgoingRecord(topic: try row.decode("topic", as: String.self), key: key.map { Array($0.utf8) },
                               value: try row.decode("payload", as: [UInt8].self),
                               headers: [KafkaHeader(name: "content-type", text: "application/cloudevents+json; charset=UTF-8")])
            ))
        }
        // One batch handed to librdkafka in id order, so events of one key keep their order on
        // their partition (the idempotent producer keeps it with several in flight). Separate
        // concurrent sends would race to enqueue and could swap two versions of one finding.
        _ = try await producer.send(records.map(\.record))
        // Mark exactly the ids sent: a range could cover a row committed after the SELECT.
        let ids = records.map(\.id)
        try await database.transaction { db in
            for id in ids {
                try await db.execute("UPDATE \(identifier: self.schema).outbox SET published_at = now() WHERE id = \(id)")
            }
        }
        published.increment(by: records.count)
        return records.count
    }
}

/// Exponential backoff with jitter, capped.
public enum Backoff {
    public static func delay(attempt: Int, base: Duration = .milliseconds(100), cap: Duration = .seconds(10)) -> Duration {
        let exponent = min(attempt, 16)
        let raw = base * (1 << exponent)
        let capped = raw > cap ? cap : raw
        let millis = capped.components.seconds * 1000 + capped.components.attoseconds / 1_000_000_000_000_000
        return .milliseconds(Int64.random(in: (millis / 2)...max(millis / 2, millis)))
    }
}
