import Foundation
public import Runtime

/// How to reach Kafka. One value configures producers and consumers alike; `properties` passes any
/// other librdkafka property through (SASL, TLS, tuning). The keys Duban's guarantees depend on
/// (idempotence, acks, manual commits) are set by the `Bus` module and cannot be overridden.
public struct KafkaConfiguration: Sendable {
    /// Comma-separated `host:port` list, e.g. `127.0.0.1:9092,127.0.0.1:9093`.
    public var bootstrapServers: String
    /// Names this process to the brokers (`client.id`), e.g. `duban-ingest`.
    public var clientID: String
    /// How long a producer keeps trying to deliver a record before `send` fails with
    /// `KafkaError.Code.delivery` and `KafkaResponseCode.messageTimedOut`. Default 30 s.
    public var deliveryTimeout: Duration
    /// Whether a producer may create a missing topic by writing to it (with the broker's default
    /// partition count). Default `false`: Duban's topics are created with their partition counts,
    /// and a misspelt topic should fail, not appear. Consumers never create topics.
    public var allowAutoCreateTopics: Bool
    /// How long the group coordinator waits for a silent consumer before giving its partitions to
    /// others (`session.timeout.ms`; heartbeats go at a third of it, at most every 3 s). A consumer
    /// killed without leaving holds its partitions this long. Default 45 s (Kafka's); the local
    /// stack and tests use a few seconds.
    public var sessionTimeout: Duration
    /// Extra librdkafka properties, applied after Duban's defaults.
    public var properties: [String: String]

    public init(
        bootstrapServers: String, clientID: String, deliveryTimeout: Duration = .seconds(30),
        allowAutoCreateTopics: Bool = false, sessionTimeout: Duration = .seconds(45),
        properties: [String: String] = [:]
    ) {
        self.sessionTimeout = sessionTimeout
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.deliveryTimeout = deliveryTimeout
        self.allowAutoCreateTopics = allowAutoCreateTopics
        self.properties = properties
    }

    /// Reads `DUBAN_KAFKA_BOOTSTRAP` (required, `host:port[,host:port…]`),
    /// `DUBAN_KAFKA_DELIVERY_TIMEOUT` (duration, default 30s), `DUBAN_KAFKA_SESSION_TIMEOUT`
    /// (duration from 1s to 300s, default 45s) and `DUBAN_KAFKA_PROPERTIES`
    /// (optional `key=value;key=value` librdkafka properties).
    public static func fromEnvironment(_ environment: Environment, clientID: String) throws -> KafkaConfiguration {
        let bootstrapExpectation = "a comma-separated list of host:port Kafka bootstrap servers"
        let bootstrap = try environment.string("DUBAN_KAFKA_BOOTSTRAP", expected: bootstrapExpectation)
        guard Self.isValidBootstrapList(bootstrap) else {
            throw ConfigurationError(variable: "DUBAN_KAFKA_BOOTSTRAP", expected: bootstrapExpectation, found: bootstrap)
        }
        let timeout = try environment.duration("DUBAN_KAFKA_DELIVERY_TIMEOUT", default: .seconds(30))
        let session = try environment.duration("DUBAN_KAFKA_SESSION_TIMEOUT", default: .seconds(45))
        guard session >= .seconds(1), session <= .seconds(300) else {
            throw ConfigurationError(
                variable: "DUBAN_KAFKA_SESSION_TIMEOUT", expected: "a duration from 1s to 300s",
                found: environment.optionalString("DUBAN_KAFKA_SESSION_TIMEOUT"))
        }
        var properties: [String: String] = [:]
        if let text = environment.optionalString("DUBAN_KAFKA_PROPERTIES") {
            for pair in text.split(separator: ";", omittingEmptySubsequences: true) {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, !parts[0].isEmpty else {
                    throw ConfigurationError(
                        variable: "DUBAN_KAFKA_PROPERTIES", expected: "librdkafka properties as key=value;key=value",
                        found: text)
                }
                properties[String(parts[0])] = String(parts[1])
            }
        }
        return KafkaConfiguration(
            bootstrapServers: bootstrap, clientID: clientID, deliveryTimeout: timeout, sessionTimeout: session,
            properties: properties)
    }

    /// `host:port` entries, each with a non-empty host and a port from 1 to 65535.
    static func isValidBootstrapList(_ text: String) -> Bool {
        let entries = text.split(separator: ",", omittingEmptySubsequences: false)
        return !entries.isEmpty && entries.allSatisfy { entry in
            let trimmed = entry.trimmingCharacters(in: .whitespaces)
            guard let colon = trimmed.lastIndex(of: ":") else { return false }
            let host = trimmed[..<colon]
            guard !host.isEmpty, let port = Int(trimmed[trimmed.index(after: colon)...]) else { return false }
            return (1...65535).contains(port)
        }
    }
}
