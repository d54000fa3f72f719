import Foundation
public import Bus
public import Runtime
public import Store

/// Consumes topics as a consumer-group member and handles each record in ONE PostgreSQL
/// transaction that (1) skips records whose offset is already stored, (2) skips events whose id
/// is in the inbox, (3) runs the handler, which changes state and appends to the outbox,
/// (4) records the event id and the next offset. A crash at any line therefore loses nothing and
/// repeats nothing. A record that can never be handled goes to `dead_letters` with its reason.
public final class ConsumerLoop: Service {
    /// Handles one event inside the transaction. Throw `HandlingError.permanent` for input that
    /// will never be valid (it is dead-lettered); anything else is retried with backoff.
    public typealias Handler = @Sendable (_ db: isolated Database, _ record: ConsumedRecord, _ envelope: CloudEvent<AnyPayload>) async throws -> Void

    public let name: String
    private let schema: String
    private let groupID: String
    private let consumer: Consumer
    private let database: Database
    private let logger: Logger
    private let handler: Handler
    private let handled: Counter
    private let deadLettered: Counter
    private let duplicates: Counter
    private let finished = AsyncLatch()
    private let stopping = AsyncLatch()

    /// `offsetsDatabase` is a second connection: the offset provider runs on the consumer's
    /// polling thread while `database` may be busy in a transaction.
    public init(name: String, schema: String, groupID: String, topics: [String], kafka: KafkaConfiguration,
                database: Database, offsetsDatabase: Database, logger: Logger, handler: @escaping Handler) throws {
        self.name = name
        self.schema = schema
        self.groupID = groupID
        self.database = database
        self.logger = logger
        self.handler = handler
        handled = MetricsRegistry.shared.counter("duban_consumer_handled_total", help: "Records handled", labels: ["consumer": name])
        deadLettered = MetricsRegistry.shared.counter("duban_consumer_dead_lettered_total", help: "Records that could not be handled", labels: ["consumer": name])
        duplicates = MetricsRegistry.shared.counter("duban_consumer_duplicates_total", help: "Records skipped as already handled", labels: ["consumer": name])
        let offsets = OffsetStore(schema: schema)
        consumer = try Consumer(configuration: kafka, groupID: groupID, topics: topics, logger: logger) { [logger] topic, partition in
            // Called on the consumer's polling thread; blocking it is fine.
            do {
                return try BlockingBridge.run { try await offsets.nextOffset(group: groupID, topic: topic, partition: partition, in: offsetsDatabase) }
            } catch {
                logger.error("cannot read stored offset; refusing to guess", metadata: ["topic": topic, "partition": "\(partition)", "error": "\(error)"])
                // Fail loudly rather than start at a wrong offset: the consumer reports a fatal error.
                fatalError("stored offset unavailable for \(topic)[\(partition)]: \(error)")
            }
        }
    }

    public func run() async throws {
        defer { finished.open() }
        while let record = try await consumer.next() {
            do {
                try await handle(record)
            } catch is StopRetrying {
                // Shutting down while this record could not be handled: it stays unconsumed and
                // is handled after the restart.
                return
            }
            try? consumer.commitToKafka(topic: record.topic, partition: record.partition, nextOffset: record.nextOffset)
        }
    }

    /// Leaves the group and waits until the record in hand (if any) is committed.
    public func shutdown() async {
        stopping.open()
        await consumer.close()
        await finished.wait()
    }

    public var isReachable: Bool { get async { await consumer.isReachable(timeout: .seconds(2)) } }

    private func handle(_ record: ConsumedRecord) async throws {
        var attempt = 0
        while true {
            do {
                try await handleOnce(record)
                return
            } catch let error as HandlingError {
                try await deadLetter(record, reason: error.description)
                return
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                if stopping.isOpen { throw StopRetrying() }
                attempt += 1
                let delay = Backoff.delay(attempt: attempt)
                logger.warning("handling failed; retrying", metadata: [
                    "topic": record.topic, "partition": "\(record.partition)", "offset": "\(record.offset)",
                    "error": "\(error)", "attempt": "\(attempt)",
                ])
                try await Task.sleep(for: delay)
            }
        }
    }

    private func handleOnce(_ record: ConsumedRecord) async throws {
        let envelope: CloudEvent<AnyPayload>
        do {
            envelope = try CloudEvent<AnyPayload>.decode(record.value)
        } catch {
            throw HandlingError.permanent("not a CloudEvent: \(error)")
        }
        let offsets = OffsetStore(schema: schema)
        let outcome: Outcome = try await database.transaction { [self] db in
            let stored = try await offsets.nextOffset(group: groupID, topic: record.topic, partition: record.partition, in: db)
            if let stored, record.offset < stored { return .alreadyHandled }
            let inserted = try await db.execute("""
                INSERT INTO \(identifier: schema).inbox (event_source, event_id, topic, partition, "offset")
                VALUES (\(envelope.source), \(envelope.id), \(record.topic), \(Int(record.partition)), \(record.offset))
                ON CONFLICT DO NOTHING
                """)
            if inserted == 1 { try await handler(db, record, envelope) }
            try await offsets.store(group: groupID, topic: record.topic, partition: record.partition, nextOffset: record.nextOffset, in: db)
            FaultInjection.point("\(name).before_commit", logger: logger)
            return inserted == 1 ? .handled : .duplicateEvent
        }
        switch outcome {
        case .handled: handled.increment()
        case .duplicateEvent, .alreadyHandled: duplicates.increment()
        }
    }

    private enum Outcome: Sendable { case handled, duplicateEvent, alreadyHandled }

    private func deadLetter(_ record: ConsumedRecord, reason: String) async throws {
        logger.error("record dead-lettered", metadata: [
            "topic": record.topic, "partition": "\(record.partition)", "offset": "\(record.offset)", "reason": reason,
        ])
        let offsets = OffsetStore(schema: schema)
        try await database.transaction { [self] db in
            try await db.execute("""
                INSERT INTO \(identifier: schema).dead_letters (topic, partition, "offset", reason, payload)
                VALUES (\(record.topic), \(Int(record.partition)), \(record.offset), \(reason), \(record.value))
                """)
            try await offsets.store(group: groupID, topic: record.topic, partition: record.partition, nextOffset: record.nextOffset, in: db)
        }
        deadLettered.increment()
    }
}

private struct StopRetrying: Error {}

/// Input that will never be handled, whatever the retries: dead-lettered with this reason.
public enum HandlingError: Error, CustomStringConvertible {
    case permanent(String)
    public var description: String {
        switch self { case .permanent(let reason): reason }
    }
}
