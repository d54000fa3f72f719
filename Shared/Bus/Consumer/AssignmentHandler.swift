import CRdKafka
import Runtime

/// Reacts to consumer-group rebalances on the consumer's polling thread: on assignment it asks the
/// offset provider where to resume each partition, on revocation it drops queued records of the
/// partitions given up.
final class AssignmentHandler: Sendable {
    /// Where to resume a partition: the stored next offset, or nil to start at the earliest.
    typealias OffsetProvider = @Sendable (_ topic: String, _ partition: Int32) -> Int64?

    let offsetProvider: OffsetProvider
    let handoff: RecordHandoff
    let logger: Logger
    let current = Locked<Set<TopicPartition>>([])
    /// Set when an assignment could not be applied; the polling thread ends the consumer with it.
    let failure = Locked<KafkaError?>(nil)

    init(offsetProvider: @escaping OffsetProvider, handoff: RecordHandoff, logger: Logger) {
        self.offsetProvider = offsetProvider
        self.handoff = handoff
        self.logger = logger
    }

    /// Sets each partition's start offset from the provider and takes the partitions.
    func assign(_ handle: OpaquePointer, _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        var assigned: [String] = []
        var taken: Set<TopicPartition> = []
        for index in 0..<Int(list.pointee.cnt) {
            let element = list.pointee.elems.advanced(by: index)
            let topic = String(cString: element.pointee.topic)
            let partition = element.pointee.partition
            let stored = offsetProvider(topic, partition)
            element.pointee.offset = stored ?? Self.offsetBeginning
            taken.insert(TopicPartition(topic: topic, partition: partition))
            assigned.append("\(topic)[\(partition)]@\(stored.map(String.init) ?? "earliest")")
        }
        let error = rd_kafka_assign(handle, list)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let native = KafkaResponseCode(error)
            fail(KafkaError(.assignment, "could not take assigned partitions: \(native.text)", native: native))
            return
        }
        current.withLock { $0 = taken }
        logger.info("kafka partitions assigned", metadata: [BusLogKey.partitions: assigned.sorted().joined(separator: ",")])
    }

    /// Gives up every partition.
    func revoke(_ handle: OpaquePointer, _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) {
        // Without a list (a rebalance error) everything held so far is given up.
        var revoked: Set<TopicPartition> = list == nil ? current.value : []
        if let list {
            for index in 0..<Int(list.pointee.cnt) {
                let element = list.pointee.elems.advanced(by: index)
                revoked.insert(TopicPartition(topic: String(cString: element.pointee.topic), partition: element.pointee.partition))
            }
        }
        handoff.discard(partitions: revoked)
        let error = rd_kafka_assign(handle, nil)
        current.withLock { $0.subtract(revoked) }
        if error != RD_KAFKA_RESP_ERR_NO_ERROR {
            let native = KafkaResponseCode(error)
            logger.warning("kafka partitions revoke failed", metadata: [BusLogKey.error: native.description])
        }
        logger.info(
            "kafka partitions revoked",
            metadata: [BusLogKey.partitions: revoked.sorted().map(\.description).joined(separator: ",")])
    }

    private func fail(_ error: KafkaError) {
        failure.withLock { if $0 == nil { $0 = error } }
        logger.error("kafka assignment failed", metadata: [BusLogKey.error: error.debugDescription])
    }

    /// `RD_KAFKA_OFFSET_BEGINNING`, a cast macro Swift does not import.
    static let offsetBeginning: Int64 = -2
}

/// librdkafka's rebalance callback (eager protocol), run inside `rd_kafka_consumer_poll` on the
/// consumer's polling thread.
func busRebalanceCallback(
    _ handle: OpaquePointer?, _ error: rd_kafka_resp_err_t, _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
    _ opaque: UnsafeMutableRawPointer?
) {
    guard let handle, let context = clientContext(opaque), let handler = context.assignment else { return }
    switch error {
    case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
        if let partitions { handler.assign(handle, partitions) }
    case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
        handler.revoke(handle, partitions)
    default:
        context.logger.warning("kafka rebalance error", metadata: [BusLogKey.error: KafkaResponseCode(error).description])
        handler.revoke(handle, nil)
    }
}
