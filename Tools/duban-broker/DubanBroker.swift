import Bus
import Foundation
import Runtime

/// `duban-broker`: a Kafka-protocol broker for development and tests, built on librdkafka's mock
/// cluster. Keeps everything in memory. Prints `bootstrap=…` on stdout once its topics exist and
/// runs until SIGTERM or SIGINT.
///
/// Environment:
/// - `DUBAN_BROKER_PARTITIONS`: partitions of each Duban topic (1–1000, default 6)
/// - `DUBAN_BROKER_TOPICS`: extra topics, `name:partitions,…`
/// - `DUBAN_BROKER_BOOTSTRAP_FILE`: also write the `bootstrap=…` line to this file (atomically)
/// - `DUBAN_BROKER_BROKERS`: number of mock brokers (1–9, default 3)
/// - `DUBAN_LOG_LEVEL`: trace…critical (default info)
@main
struct DubanBroker {
    static func main() async {
        let logger = Logger(label: "duban-broker")
        do {
            let settings = try BrokerSettings(environment: Environment())
            if let level = settings.logLevel { LogSink.shared.setDefaultLevel(level) }
            let broker = try BrokerService(settings: settings, logger: Logger(label: "duban-broker"))
            try await ServiceGroup(services: [broker], logger: logger, shutdownDeadline: .seconds(10)).run()
        } catch let error as ConfigurationError {
            logger.critical("invalid configuration", metadata: ["error": error.description])
            exit(2)
        } catch {
            logger.critical("broker failed", metadata: ["error": "\(error)"])
            exit(1)
        }
    }
}
