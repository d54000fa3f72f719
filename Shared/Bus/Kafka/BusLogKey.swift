/// Metadata keys the `Bus` module logs with, in one place so dashboards can rely on them.
enum BusLogKey {
    static let client = "kafka.client"
    static let facility = "kafka.facility"
    static let error = "kafka.error"
    static let topic = "kafka.topic"
    static let partition = "kafka.partition"
    static let offset = "kafka.offset"
    static let group = "kafka.group"
    static let partitions = "kafka.partitions"
    static let bootstrap = "kafka.bootstrap"
}
