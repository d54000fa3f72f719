import Bus
import Runtime
import Testing

@Suite(.timeLimit(.minutes(3)))
struct ConsumerTests {
    /// Sends `count` records keyed over `keys` keys; returns the values sent per key, in order.
    private func produce(_ count: Int, keys: Int, to topic: String) async throws -> [String: [String]] {
        let producer = try Producer(configuration: TestCluster.configuration(), logger: TestCluster.logger)
        var sent: [String: [String]] = [:]
        try await withThrowingTaskGroup(of: Void.self) { group in
            // One task per key keeps each key's sends in order while keys interleave.
            for keyIndex in 0..<keys {
                let key = "MN\(keyIndex)"
                let values = (0..<count).filter { $0 % keys == keyIndex }.map { "\(key)-\($0)" }
                sent[key] = values
                group.addTask {
                    for value in values {
                        _ = try await producer.send(OutgoingRecord(topic: topic, key: key, value: Array(value.utf8)))
                    }
                }
            }
            try await group.waitForAll()
        }
        await producer.close()
        return sent
    }

    private func consume(_ consumer: Consumer, count: Int) async throws -> [ConsumedRecord] {
        var records: [ConsumedRecord] = []
        while records.count < count, let record = try await consumer.next() {
            records.append(record)
        }
        return records
    }

    @Test func groupReceivesEveryRecordOnceInOrderPerKey() async throws {
        let topic = try await TestCluster.makeTopic("order")
        let sent = try await produce(60, keys: 5, to: topic)
        let consumer = try Consumer(
            configuration: TestCluster.configuration(), groupID: TestCluster.uniqueName("group"), topics: [topic],
            logger: TestCluster.logger
        ) { _, _ in nil }
        let records = try await consume(consumer, count: 60)
        await consumer.close()

        var received: [String: [String]] = [:]
        for record in records {
            received[record.keyText ?? "", default: []].append(String(decoding: record.value, as: UTF8.self))
        }
        #expect(received == sent)
        let positions = Set(records.map { "\($0.partition):\($0.offset)" })
        #expect(positions.count == 60)
        // Same key, same partition.
        for key in sent.keys {
            #expect(Set(records.filter { $0.keyText == key }.map(\.partition)).count == 1)
        }
    }
}
