import Bus
import Foundation
import Runtime

/// The broker the tests talk to: the one named by `DUBAN_TEST_KAFKA_BOOTSTRAP` (e.g. a running
/// duban-broker), or else a mock cluster started inside this test process, shared by all tests.
/// Every test uses its own topics and groups, so sharing is safe.
enum TestCluster {
    private static let inProcess: MockCluster? = {
        if ProcessInfo.processInfo.environment["DUBAN_TEST_KAFKA_BOOTSTRAP"] != nil { return nil }
        return try! MockCluster(brokers: 3, logger: Logger(label: "test.mock-cluster", level: .warning))
    }()

    static var bootstrapServers: String {
        if let external = ProcessInfo.processInfo.environment["DUBAN_TEST_KAFKA_BOOTSTRAP"] { return external }
        return inProcess!.bootstrapServers
    }

    /// Warnings and above unless `DUBAN_TEST_LOG_LEVEL` says otherwise.
    static let logger = Logger(
        label: "test.bus",
        level: ProcessInfo.processInfo.environment["DUBAN_TEST_LOG_LEVEL"].flatMap(LogLevel.init(name:)) ?? .warning)

    /// Extra librdkafka properties from `DUBAN_TEST_KAFKA_DEBUG` (e.g. `cgrp,protocol`) for diagnosis.
    private static var debugProperties: [String: String] {
        ProcessInfo.processInfo.environment["DUBAN_TEST_KAFKA_DEBUG"].map { ["debug": $0] } ?? [:]
    }

    /// A name no other test (or earlier run against the same broker) uses.
    static func uniqueName(_ prefix: String) -> String {
        "test.\(prefix).\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Creates a fresh topic. In process it gets exactly `partitions`; against an external mock
    /// broker (which has no CreateTopics request) a metadata request auto-creates it with the
    /// broker's default of 4, so tests ask for at most 4.
    static func makeTopic(_ prefix: String, partitions: Int = 4) async throws -> String {
        let name = uniqueName(prefix)
        if let inProcess {
            try inProcess.createTopic(name, partitions: partitions)
        } else {
            let producer = try Producer(configuration: configuration(autoCreate: true), logger: logger)
            defer { Task { await producer.close() } }
            _ = try await producer.partitionCount(topic: name, timeout: .seconds(10))
        }
        return name
    }

    static func configuration(autoCreate: Bool = false, deliveryTimeout: Duration = .seconds(20)) -> KafkaConfiguration {
        KafkaConfiguration(
            bootstrapServers: bootstrapServers, clientID: "duban-bus-tests", deliveryTimeout: deliveryTimeout,
            // Short sessions: the mock coordinator waits one session before re-forming an emptied group.
            allowAutoCreateTopics: autoCreate, sessionTimeout: .seconds(3), properties: debugProperties)
    }
}
