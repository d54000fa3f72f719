import Bus
import Runtime
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct ProducerTests {
    @Test func sendCompletesWithIncreasingOffsetsAfterAcknowledgement() async throws {
        let topic = try await TestCluster.makeTopic("ack", partitions: 1)
        let producer = try Producer(configuration: TestCluster.configuration(), logger: TestCluster.logger)
        var reports: [DeliveryReport] = []
        for index in 0..<5 {
            reports.append(
                try await producer.send(OutgoingRecord(topic: topic, key: "MN001", value: Array("value-\(index)".utf8))))
        }
        // Each send returned with the offset the broker assigned: only possible after its answer.
        #expect(reports.allSatisfy { $0.topic == topic })
        #expect(Set(reports.map(\.partition)).count == 1)
        #expect(reports.map(\.offset) == [0, 1, 2, 3, 4])
        await producer.close()
    }
}

@Suite(.timeLimit(.minutes(2)))
struct UnreachableBrokerTests {
    /// Nothing listens on port 1 of the loopback interface.
    private let nowhere = KafkaConfiguration(
        bootstrapServers: "127.0.0.1:1", clientID: "duban-bus-tests", deliveryTimeout: .seconds(2))

    @Test func sendFailsWithARetriableTimeoutInsteadOfHanging() async throws {
        let producer = try Producer(configuration: nowhere, logger: TestCluster.logger)
        let started = ContinuousClock.now
        let error = await #expect(throws: KafkaError.self) {
            try await producer.send(OutgoingRecord(topic: BusTopics.frames, key: "MN1", value: [1, 2, 3]))
        }
        let elapsed = ContinuousClock.now - started
        #expect(error?.code == .delivery)
        #expect(error?.native == .messageTimedOut)
        #expect(error?.isRetriable == true)
        #expect(error?.isFatal == false)
        #expect(elapsed >= .seconds(1) && elapsed < .seconds(10), "took \(elapsed)")
        #expect(blockingReachability(producer) == false)
        #expect(await producer.isReachable(timeout: .milliseconds(500)) == false)
        await producer.close()
    }

    @Test func closeFailsSendsWhoseAcknowledgementWillNeverCome() async throws {
        var configuration = nowhere
        configuration.deliveryTimeout = .seconds(120)
        let producer = try Producer(configuration: configuration, logger: TestCluster.logger)
        let pending = Task {
            try await producer.send(OutgoingRecord(topic: BusTopics.frames, key: "MN1", value: [1]))
        }
        try await Task.sleep(for: .milliseconds(300))
        let started = ContinuousClock.now
        await producer.close()
        let result = await pending.result
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(throws: KafkaError.self) { try result.get() }
        #expect((try? result.get()) == nil)
        if case .failure(let error as KafkaError) = result { #expect(error.code == .closed) }
        // After close, sends fail at once.
        await #expect(throws: KafkaError.self) {
            try await producer.send(OutgoingRecord(topic: BusTopics.frames, key: nil, value: []))
        }
    }

    @Test func flushGivesUpAfterItsTimeout() async throws {
        let producer = try Producer(configuration: nowhere, logger: TestCluster.logger)
        let pending = Task { try? await producer.send(OutgoingRecord(topic: BusTopics.frames, key: "MN1", value: [1])) }
        // Let the send reach librdkafka's queue before flushing.
        try await Task.sleep(for: .milliseconds(200))
        let error = await #expect(throws: KafkaError.self) { try await producer.flush(timeout: .milliseconds(500)) }
        #expect(error?.code == .timedOut)
        await producer.close()
        _ = await pending.value
    }
}

/// The synchronous overload, as a libmicrohttpd handler thread would call it.
private func blockingReachability(_ producer: Producer) -> Bool {
    producer.isReachable(timeout: .milliseconds(500))
}

struct ReachabilityTests {
    @Test func producerAndConsumerReachTheTestBroker() async throws {
        let producer = try Producer(configuration: TestCluster.configuration(), logger: TestCluster.logger)
        #expect(await producer.isReachable(timeout: .seconds(5)))
        let consumer = try Consumer(
            configuration: TestCluster.configuration(), groupID: TestCluster.uniqueName("reach"),
            topics: [TestCluster.uniqueName("none")], logger: TestCluster.logger
        ) { _, _ in nil }
        #expect(await consumer.isReachable(timeout: .seconds(5)))
        await consumer.close()
        await producer.close()
    }
}

struct ConfigurationTests {
    @Test func guaranteesCannotBeOverridden() {
        var configuration = TestCluster.configuration()
        configuration.properties["enable.idempotence"] = "false"
        let error = #expect(throws: KafkaError.self) {
            _ = try Producer(configuration: configuration, logger: TestCluster.logger)
        }
        #expect(error?.code == .configuration)
        #expect(error?.reason.contains("enable.idempotence") == true)
    }

    @Test func unknownPropertyIsRejectedByName() {
        var configuration = TestCluster.configuration()
        configuration.properties["no.such.property"] = "1"
        let error = #expect(throws: KafkaError.self) {
            _ = try Consumer(
                configuration: configuration, groupID: "g", topics: ["t"], logger: TestCluster.logger) { _, _ in nil }
        }
        #expect(error?.code == .configuration)
        #expect(error?.reason.contains("no.such.property") == true)
    }

    @Test func environmentIsValidated() throws {
        let good = try KafkaConfiguration.fromEnvironment(
            Environment([
                "DUBAN_KAFKA_BOOTSTRAP": "127.0.0.1:9092,localhost:9093",
                "DUBAN_KAFKA_DELIVERY_TIMEOUT": "5s", "DUBAN_KAFKA_PROPERTIES": "socket.keepalive.enable=true;linger.ms=1",
            ]), clientID: "duban-test")
        #expect(good.bootstrapServers == "127.0.0.1:9092,localhost:9093")
        #expect(good.deliveryTimeout == .seconds(5))
        #expect(good.properties == ["socket.keepalive.enable": "true", "linger.ms": "1"])

        for (name, value) in [
            ("DUBAN_KAFKA_BOOTSTRAP", "127.0.0.1"), ("DUBAN_KAFKA_BOOTSTRAP", "host:99999"),
            ("DUBAN_KAFKA_PROPERTIES", "linger.ms"),
        ] {
            var values = ["DUBAN_KAFKA_BOOTSTRAP": "127.0.0.1:9092"]
            values[name] = value
            let error = #expect(throws: ConfigurationError.self) {
                _ = try KafkaConfiguration.fromEnvironment(Environment(values), clientID: "duban-test")
            }
            #expect(error?.variable == name)
        }
        #expect(throws: ConfigurationError.self) {
            _ = try KafkaConfiguration.fromEnvironment(Environment([:]), clientID: "duban-test")
        }
    }

    @Test func topicListsParseOrFailWhole() {
        #expect(
            TopicSpecification.parseList("a.b:3, c_d-e:12")
                == [TopicSpecification(name: "a.b", partitions: 3), TopicSpecification(name: "c_d-e", partitions: 12)])
        for bad in ["a", "a:0", "a:x", "a:3,", "bad/name:2", "a:1001", ":3"] {
            #expect(TopicSpecification.parseList(bad) == nil, "\(bad)")
        }
    }
}
