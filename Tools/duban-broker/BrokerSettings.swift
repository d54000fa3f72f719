import Bus
import Runtime

/// The broker's configuration, read and validated from the environment at start.
struct BrokerSettings {
    var brokers: Int
    var topics: [TopicSpecification]
    var bootstrapFile: String?
    var logLevel: LogLevel?

    init(environment: Environment) throws {
        brokers = try environment.int("DUBAN_BROKER_BROKERS", default: 3, in: 1...9)
        let partitions = try environment.int("DUBAN_BROKER_PARTITIONS", default: BusTopics.defaultPartitions, in: 1...1000)
        var topics = BusTopics.all.map { TopicSpecification(name: $0, partitions: partitions) }
        if let extra = environment.optionalString("DUBAN_BROKER_TOPICS") {
            guard let parsed = TopicSpecification.parseList(extra) else {
                throw ConfigurationError(
                    variable: "DUBAN_BROKER_TOPICS",
                    expected: "topics as name:partitions,name:partitions (names of a-z A-Z 0-9 . _ -, 1 to 1000 partitions)",
                    found: extra)
            }
            for spec in parsed {
                // An extra entry for a Duban topic overrides its partition count.
                topics.removeAll { $0.name == spec.name }
                topics.append(spec)
            }
        }
        self.topics = topics
        bootstrapFile = environment.optionalString("DUBAN_BROKER_BOOTSTRAP_FILE")
        if let name = environment.optionalString("DUBAN_LOG_LEVEL") {
            guard let level = LogLevel(name: name) else {
                throw ConfigurationError(
                    variable: "DUBAN_LOG_LEVEL", expected: "trace, debug, info, notice, warning, error or critical", found: name)
            }
            logLevel = level
        }
    }
}
