import CRdKafka
import Foundation
public import Runtime

/// A consumer-group member that reads records in order per partition and never commits on its
/// own. Where to resume each partition comes from `offsetProvider` (offsets stored in PostgreSQL
/// with the state they caused), asked on every assignment; nil starts at the earliest offset.
///
/// A dedicated thread polls librdkafka and hands records to `next()` through a small queue; when
/// the handler is slow the thread waits, so reading stops too. After a rebalance a record may be
/// delivered again (it was returned but its offset not yet stored when the partition moved): the
/// handler's offset check in its transaction makes that harmless.
public final class Consumer: Sendable {
    /// Where to resume a partition: the next offset to read, or nil for the earliest. Called on the
    /// consumer's polling thread and may block (e.g. a database query).
    public typealias OffsetProvider = @Sendable (_ topic: String, _ partition: Int32) -> Int64?

    public let groupID: String
    public let topics: [String]
    private let client: RDClient
    private let handoff: RecordHandoff
    private let assignmentHandler: AssignmentHandler
    private let stopPolling = StopFlag()
    private let poller: ServiceThread
    private let logger: Logger

    /// Joins `groupID` and subscribes to `topics`; partitions arrive asynchronously after the group
    /// rebalances. `prefetch` bounds how many records wait for `next()`. Throws `KafkaError`
    /// (`.configuration`, `.clientCreation`, `.subscription`).
    public init(
        configuration: KafkaConfiguration, groupID: String, topics: [String], prefetch: Int = 64,
        logger: Logger, offsetProvider: @escaping OffsetProvider
    ) throws {
        guard !topics.isEmpty else { throw KafkaError(.subscription, "a consumer needs at least one topic") }
        guard !groupID.isEmpty else { throw KafkaError(.configuration, "a consumer needs a non-empty group id") }
        var logger = logger
        logger[metadataKey: BusLogKey.client] = configuration.clientID
        logger[metadataKey: BusLogKey.group] = groupID
        let handoff = RecordHandoff(capacity: prefetch)
        let assignmentHandler = AssignmentHandler(offsetProvider: offsetProvider, handoff: handoff, logger: logger)
        let client = try RDClient(
            kind: .consumer, properties: configuration.librdkafkaProperties(for: .consumer(groupID: groupID)),
            context: ClientContext(logger: logger, assignment: assignmentHandler)
        ) { conf in
            rd_kafka_conf_set_rebalance_cb(conf, busRebalanceCallback)
        }
        // Route the main queue to the consumer queue so one rd_kafka_consumer_poll serves everything.
        rd_kafka_poll_set_consumer(client.handle)
        try Self.subscribe(client.handle, to: topics)

        let stop = stopPolling
        poller = ServiceThread(name: "kafka-consumer-poll") { [logger] in
            Self.pollLoop(client: client, handoff: handoff, assignment: assignmentHandler, stop: stop, logger: logger)
        }
        self.groupID = groupID
        self.topics = topics
        self.client = client
        self.handoff = handoff
        self.assignmentHandler = assignmentHandler
        self.logger = logger
    }

    private static func subscribe(_ handle: OpaquePointer, to topics: [String]) throws {
        // We create the list and free it; rd_kafka_subscribe copies it.
        let list = rd_kafka_topic_partition_list_new(Int32(topics.count))!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for topic in topics {
            // Partition is ignored by subscribe; RD_KAFKA_PARTITION_UA is -1.
            rd_kafka_topic_partition_list_add(list, topic, -1)
        }
        let error = rd_kafka_subscribe(handle, list)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let native = KafkaResponseCode(error)
            throw KafkaError(.subscription, "could not subscribe to \(topics.joined(separator: ",")): \(native.text)", native: native)
        }
    }

    /// The polling thread: reads records into the handoff until stopped, then leaves the group.
    private static func pollLoop(
        client: RDClient, handoff: RecordHandoff, assignment: AssignmentHandler, stop: StopFlag, logger: Logger
    ) {
        while !stop.isRaised {
            if let failure = assignment.failure.value ?? client.context.fatalError.value {
                handoff.end(failing: failure)
                break
            }
            // Also runs the rebalance callback (and thus the offset provider) on this thread.
            guard let message = rd_kafka_consumer_poll(client.handle, 100) else { continue }
            // The message is ours until destroyed; the record copies what it needs.
            defer { rd_kafka_message_destroy(message) }
            if message.pointee.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                let native = KafkaResponseCode(message.pointee.err)
                let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
                logger.warning(
                    "kafka consumer error",
                    metadata: [BusLogKey.error: native.description, BusLogKey.topic: topic])
                continue
            }
            let record = ConsumedRecord(copying: message)
            BusMetrics.consumed(topic: record.topic).increment()
            if !handoff.put(record) { break }
        }
        // Leaves the group cleanly (revokes through the rebalance callback on this thread).
        let error = rd_kafka_consumer_close(client.handle)
        if error != RD_KAFKA_RESP_ERR_NO_ERROR {
            logger.warning("kafka consumer close failed", metadata: [BusLogKey.error: KafkaResponseCode(error).description])
        }
        handoff.end()
    }

    deinit {
        // Without `close()`, still end the polling thread; it leaves the group and frees the handle.
        stopPolling.raise()
        handoff.end()
    }

    /// The next record, in order per partition. Suspends until one arrives; returns nil once the
    /// consumer is closed. Throws `KafkaError` on a fatal consumer error, `CancellationError` when
    /// the calling task is cancelled. Call from one task at a time.
    public func next() async throws -> ConsumedRecord? {
        try await handoff.take()
    }

    /// Commits `nextOffset` for the partition to Kafka, asynchronously and without waiting. Only
    /// for lag monitoring: the offset that counts is the one stored in PostgreSQL.
    public func commitToKafka(topic: String, partition: Int32, nextOffset: Int64) throws {
        let list = rd_kafka_topic_partition_list_new(1)!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        rd_kafka_topic_partition_list_add(list, topic, partition).pointee.offset = nextOffset
        // async = 1: returns at once; librdkafka copies the list.
        let error = rd_kafka_commit(client.handle, list, 1)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let native = KafkaResponseCode(error)
            throw KafkaError(.commit, "could not commit \(topic)[\(partition)]@\(nextOffset): \(native.text)", native: native)
        }
    }

    /// The partitions this member currently holds.
    public var assignment: Set<TopicPartition> { assignmentHandler.current.value }

    /// Leaves the group and stops: `next()` returns nil, records not yet returned are dropped
    /// (their offsets were never stored, so they are read again). Safe to call more than once.
    public func close() async {
        stopPolling.raise()
        handoff.end()
        await poller.join()
        logger.info("kafka consumer closed")
    }

    /// Whether a broker answers a metadata request within `timeout`. Blocks the calling thread.
    public func isReachable(timeout: Duration) -> Bool {
        client.fetchBrokerMetadata(timeout: timeout)
    }

    /// Whether a broker answers a metadata request within `timeout`, asked from a dedicated thread.
    public func isReachable(timeout: Duration) async -> Bool {
        let client = client
        return await ServiceThread.run(name: "kafka-metadata") { client.fetchBrokerMetadata(timeout: timeout) }
    }
}
