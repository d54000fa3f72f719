import Bus
import Foundation
import Runtime
import Testing

@Suite(.timeLimit(.minutes(3)))
struct ConsumerResumeTests {
    /// What a service keeps in PostgreSQL: the next offset per partition.
    final class OffsetStore: Sendable {
        let offsets = Locked<[TopicPartition: Int64]>([:])
        let asked = Locked<[TopicPartition]>([])

        func provider(_ topic: String, _ partition: Int32) -> Int64? {
            let key = TopicPartition(topic: topic, partition: partition)
            asked.withLock { $0.append(key) }
            return offsets.value[key]
        }
    }

    @Test func restartedConsumerResumesExactlyAtTheStoredOffset() async throws {
        let topic = try await TestCluster.makeTopic("resume")
        let producer = try Producer(configuration: TestCluster.configuration(), logger: TestCluster.logger)
        var sentOffsets: [Int64] = []
        for index in 0..<20 {
            sentOffsets.append(
                try await producer.send(OutgoingRecord(topic: topic, key: "MN-resume", value: Array("r\(index)".utf8))).offset)
        }
        await producer.close()
        let group = TestCluster.uniqueName("resume")
        let store = OffsetStore()

        let first = try Consumer(
            configuration: TestCluster.configuration(), groupID: group, topics: [topic], logger: TestCluster.logger,
            offsetProvider: store.provider)
        var firstValues: [String] = []
        for _ in 0..<8 {
            let record = try #require(try await first.next())
            firstValues.append(String(decoding: record.value, as: UTF8.self))
            store.offsets.withLock { $0[TopicPartition(topic: record.topic, partition: record.partition)] = record.nextOffset }
            // Kafka's own committed offset lags behind on purpose: the store must win over it.
            if record.offset == 2 { try first.commitToKafka(topic: record.topic, partition: record.partition, nextOffset: 3) }
        }
        await first.close()
        #expect(firstValues == (0..<8).map { "r\($0)" })
        #expect(try await first.next() == nil)

        let second = try Consumer(
            configuration: TestCluster.configuration(), groupID: group, topics: [topic], logger: TestCluster.logger,
            offsetProvider: store.provider)
        var secondRecords: [ConsumedRecord] = []
        for _ in 0..<12 { secondRecords.append(try #require(try await second.next())) }
        await second.close()
        #expect(secondRecords.map { String(decoding: $0.value, as: UTF8.self) } == (8..<20).map { "r\($0)" })
        #expect(secondRecords.map(\.offset) == Array(sentOffsets[8...]))
        // Every partition of the topic was asked for, at each of the two assignments.
        #expect(Set(store.asked.value.map(\.topic)) == [topic])
    }

    @Test func twoMembersOfOneGroupSplitThePartitions() async throws {
        let topic = try await TestCluster.makeTopic("split", partitions: 4)
        let group = TestCluster.uniqueName("split")
        let configuration = TestCluster.configuration()
        let first = try Consumer(
            configuration: configuration, groupID: group, topics: [topic], logger: TestCluster.logger) { _, _ in nil }
        let second = try Consumer(
            configuration: configuration, groupID: group, topics: [topic], logger: TestCluster.logger) { _, _ in nil }

        // Wait for a stable split: both hold partitions, disjoint, covering all four.
        let all = Set((0..<4).map { TopicPartition(topic: topic, partition: Int32($0)) })
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let (a, b) = (first.assignment, second.assignment)
            if !a.isEmpty, !b.isEmpty, a.isDisjoint(with: b), a.union(b) == all { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let (firstPartitions, secondPartitions) = (first.assignment, second.assignment)
        #expect(!firstPartitions.isEmpty && !secondPartitions.isEmpty)
        #expect(firstPartitions.isDisjoint(with: secondPartitions))
        #expect(firstPartitions.union(secondPartitions) == all)

        let producer = try Producer(configuration: configuration, logger: TestCluster.logger)
        var sent = Set<String>()
        for index in 0..<40 {
            let value = "v\(index)"
            _ = try await producer.send(OutgoingRecord(topic: topic, key: "MN\(index)", value: Array(value.utf8)))
            sent.insert(value)
        }
        await producer.close()

        // Each member drains what it gets until the two together hold all 40.
        let firstRecords = Locked<[ConsumedRecord]>([])
        let secondRecords = Locked<[ConsumedRecord]>([])
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for (consumer, sink) in [(first, firstRecords), (second, secondRecords)] {
                tasks.addTask {
                    while let record = try await consumer.next() { sink.withLock { $0.append(record) } }
                }
            }
            while firstRecords.value.count + secondRecords.value.count < 40 {
                try await Task.sleep(for: .milliseconds(50))
            }
            // A short grace period would reveal duplicates.
            try await Task.sleep(for: .milliseconds(500))
            await first.close()
            await second.close()
            try await tasks.waitForAll()
        }
        let a = firstRecords.value, b = secondRecords.value
        #expect(a.count + b.count == 40)
        #expect(Set((a + b).map { String(decoding: $0.value, as: UTF8.self) }) == sent)
        #expect(!a.isEmpty && !b.isEmpty)
        #expect(a.allSatisfy { firstPartitions.contains(TopicPartition(topic: $0.topic, partition: $0.partition)) })
        #expect(b.allSatisfy { secondPartitions.contains(TopicPartition(topic: $0.topic, partition: $0.partition)) })
    }

    @Test func headersNullKeysAndTimestampsSurviveTheTrip() async throws {
        let topic = try await TestCluster.makeTopic("headers", partitions: 1)
        let producer = try Producer(configuration: TestCluster.configuration(), logger: TestCluster.logger)
        let headers = [
            KafkaHeader(name: "content-type", text: "application/cloudevents+json"),
            KafkaHeader(name: "trace", value: nil), KafkaHeader(name: "trace", value: []),
        ]
        let before = Date()
        _ = try await producer.send(OutgoingRecord(topic: topic, key: nil as [UInt8]?, value: [0, 255, 7], headers: headers))
        await producer.close()
        let consumer = try Consumer(
            configuration: TestCluster.configuration(), groupID: TestCluster.uniqueName("headers"), topics: [topic],
            logger: TestCluster.logger) { _, _ in nil }
        let record = try #require(try await consumer.next())
        await consumer.close()
        #expect(record.key == nil)
        #expect(record.value == [0, 255, 7])
        #expect(record.headers == headers)
        let timestamp = try #require(record.timestamp)
        #expect(abs(timestamp.timeIntervalSince(before)) < 10)
    }

    @Test func nextEndsOnCloseAndOnCancellation() async throws {
        let topic = try await TestCluster.makeTopic("idle", partitions: 1)
        let consumer = try Consumer(
            configuration: TestCluster.configuration(), groupID: TestCluster.uniqueName("idle"), topics: [topic],
            logger: TestCluster.logger) { _, _ in nil }
        let waiting = Task { try await consumer.next() }
        try await Task.sleep(for: .milliseconds(200))
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }

        let blocked = Task { try await consumer.next() }
        try await Task.sleep(for: .milliseconds(200))
        await consumer.close()
        #expect(try await blocked.value == nil)
    }
}
