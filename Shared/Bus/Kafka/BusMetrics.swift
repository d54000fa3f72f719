import Runtime

/// The `Bus` module's Prometheus metrics, registered once in the process registry.
enum BusMetrics {
    private static let acknowledgedByTopic = CounterFamily(
        "duban_kafka_records_acknowledged_total", help: "Records the broker acknowledged.", label: "topic")
    private static let consumedByTopic = CounterFamily(
        "duban_kafka_records_consumed_total", help: "Records read by consumers.", label: "topic")

    static func acknowledged(topic: String) -> Counter { acknowledgedByTopic(topic) }

    static func failed(topic: String, code: KafkaError.Code) -> Counter {
        MetricsRegistry.shared.counter(
            "duban_kafka_records_failed_total", help: "Sends that ended without acknowledgement.",
            labels: ["topic": topic, "code": code.rawValue])
    }

    static let acknowledgementLatency = MetricsRegistry.shared.histogram(
        "duban_kafka_acknowledgement_seconds", help: "Time from send to broker acknowledgement.")

    static func consumed(topic: String) -> Counter { consumedByTopic(topic) }
}
