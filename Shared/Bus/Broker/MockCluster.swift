import CRdKafka
public import Runtime

/// An in-memory Kafka cluster from librdkafka's mock broker, listening on 127.0.0.1. For
/// development and tests only: it keeps every record in memory and loses all of it when closed.
/// Other processes reach it over TCP through `bootstrapServers`.
public final class MockCluster: Sendable {
    /// `host:port,…` of the mock brokers, for `KafkaConfiguration.bootstrapServers`.
    public let bootstrapServers: String
    public let brokerCount: Int
    private let cluster: MockClusterHandle

    /// Starts `brokers` mock brokers. Throws `KafkaError(.clientCreation)` when librdkafka fails.
    public init(brokers: Int = 3, logger: Logger) throws {
        guard (1...32).contains(brokers) else {
            throw KafkaError(.configuration, "a mock cluster needs 1 to 32 brokers, not \(brokers)")
        }
        let configuration = KafkaConfiguration(bootstrapServers: "", clientID: "duban-mock-cluster")
        // The owner handle is a producer that never produces: the mock cluster runs on its own thread.
        let owner = try RDClient(
            kind: .producer, properties: configuration.librdkafkaProperties(for: .mockClusterOwner),
            context: ClientContext(logger: logger))
        guard let created = rd_kafka_mock_cluster_new(owner.handle, Int32(brokers)) else {
            throw KafkaError(.clientCreation, "librdkafka could not start a mock cluster of \(brokers) brokers")
        }
        cluster = MockClusterHandle(created, owner: owner)
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(created))
        brokerCount = brokers
    }

    /// Creates `name` with `partitions` partitions, replicated on up to three brokers. The mock
    /// cluster does not implement Kafka's CreateTopics request, so topics are made here (or
    /// auto-created with 4 partitions by a producer that allows it).
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int? = nil) throws {
        guard TopicSpecification.isValidTopicName(name) else {
            throw KafkaError(.configuration, "invalid topic name \(name.debugDescription)")
        }
        guard partitions >= 1 else { throw KafkaError(.configuration, "topic \(name) needs at least one partition") }
        let replicas = replicationFactor ?? min(3, brokerCount)
        guard (1...brokerCount).contains(replicas) else {
            throw KafkaError(.configuration, "replication factor \(replicas) needs 1 to \(brokerCount) brokers")
        }
        let error = rd_kafka_mock_topic_create(cluster.pointer, name, Int32(partitions), Int32(replicas))
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let native = KafkaResponseCode(error)
            throw KafkaError(.configuration, "mock cluster could not create topic \(name): \(native.text)", native: native)
        }
    }

    /// Takes broker `id` (1-based) down or up again, to test failover and unavailability.
    public func setBroker(_ id: Int32, up: Bool) throws {
        let error = up ? rd_kafka_mock_broker_set_up(cluster.pointer, id) : rd_kafka_mock_broker_set_down(cluster.pointer, id)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.configuration, "mock broker \(id) not found", native: KafkaResponseCode(error))
        }
    }
}

/// Owns the `rd_kafka_mock_cluster_t` and destroys it in deinit. librdkafka requires the cluster
/// to go before the `rd_kafka_t` that hosts it: holding `owner` here guarantees that order.
///
/// `@unchecked Sendable`: the pointer never changes, and librdkafka's mock API hands every command
/// to the cluster's own thread.
final class MockClusterHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    private let owner: RDClient

    init(_ pointer: OpaquePointer, owner: RDClient) {
        self.pointer = pointer
        self.owner = owner
    }

    deinit { rd_kafka_mock_cluster_destroy(pointer) }
}
