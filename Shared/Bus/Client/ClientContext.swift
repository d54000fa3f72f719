import Runtime

/// What librdkafka's callbacks need to reach Swift: the logger, the producer's pending deliveries
/// and the consumer's assignment handler. Passed to C as the handle's opaque pointer; the
/// `RDClient` keeps it alive until after `rd_kafka_destroy`, so no callback outlives it.
final class ClientContext: Sendable {
    let logger: Logger
    let deliveries: DeliveryTable
    let assignment: AssignmentHandler?
    /// The first fatal error librdkafka reported (idempotent producer fenced, …).
    let fatalError = Locked<KafkaError?>(nil)

    init(logger: Logger, deliveries: DeliveryTable = DeliveryTable(), assignment: AssignmentHandler? = nil) {
        self.logger = logger
        self.deliveries = deliveries
        self.assignment = assignment
    }
}
