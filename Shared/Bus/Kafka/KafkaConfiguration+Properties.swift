/// The one place where Duban's configuration becomes librdkafka property keys.
extension KafkaConfiguration {
    enum Role {
        case producer
        case consumer(groupID: String)
        /// The handle that owns a mock cluster: it never talks to a broker.
        case mockClusterOwner
    }

    /// Properties for `role`, in the order they are applied: defaults, then `properties`, then the
    /// guarantees. Throws when `properties` tries to change a guarantee.
    func librdkafkaProperties(for role: Role) throws -> [(key: String, value: String)] {
        let sessionMilliseconds = Self.milliseconds(sessionTimeout)
        var defaults: [(String, String)] = [
            ("client.id", clientID),
            // librdkafka's own logs go to our log callback, not to stderr, and carry the handle name.
            ("log.connection.close", "false"),
        ]
        var guarantees: [(String, String)] = []
        switch role {
        case .producer:
            defaults += [
                ("bootstrap.servers", bootstrapServers),
                ("message.timeout.ms", String(Self.milliseconds(deliveryTimeout))),
                // Same partitioning as the Java client, so other producers keyed by MN agree with us.
                ("partitioner", "murmur2_random"),
                ("linger.ms", "5"),
            ]
            guarantees += [
                ("enable.idempotence", "true"),
                ("acks", "all"),
                ("allow.auto.create.topics", allowAutoCreateTopics ? "true" : "false"),
            ]
        case .consumer(let groupID):
            defaults += [
                ("bootstrap.servers", bootstrapServers),
                ("auto.offset.reset", "earliest"),
                ("session.timeout.ms", String(sessionMilliseconds)),
                ("heartbeat.interval.ms", String(min(3000, max(100, sessionMilliseconds / 3)))),
            ]
            guarantees += [
                ("group.id", groupID),
                // Offsets live in PostgreSQL with the state they caused; Kafka commits are only for
                // lag monitoring and are made explicitly.
                ("enable.auto.commit", "false"),
                ("enable.auto.offset.store", "false"),
                ("enable.partition.eof", "false"),
            ]
        case .mockClusterOwner:
            // It has no bootstrap servers by design; keep its "no bootstrap.servers" notice out of the log.
            defaults += [("log_level", "4")]
        }
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            if let required = guarantees.first(where: { $0.0 == key }), required.1 != value {
                throw KafkaError(
                    .configuration,
                    "property \(key)=\(value) is not allowed: Duban requires \(key)=\(required.1)")
            }
        }
        var result = defaults.map { (key: $0.0, value: $0.1) }
        result += properties.sorted(by: { $0.key < $1.key }).map { (key: $0.key, value: $0.value) }
        result += guarantees.map { (key: $0.0, value: $0.1) }
        return result
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
