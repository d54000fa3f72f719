import Bus
import Foundation
import Runtime
import Testing

/// `Producer.send(_ records:)`: one wait for a whole batch, against the test broker.
@Suite(.timeLimit(.minutes(2)))
struct ProducerBatchTests {
    @Test func batchReturnsEveryReportInRecordOrderAfterAcknowledgement() async throws {
        let frames = try await TestCluster.makeTopic("batch-frames", partitions: 1)
        let measurements = try await TestCluster.makeTopic("batch-measurements", partitions: 1)
        let producer = try Producer(configuration: TestCluster.configuration(), logger: TestCluster.logger)
        let first = try await producer.send([
            OutgoingRecord(topic: frames, key: "MN001", value: Array("frame-0".utf8)),
            OutgoingRecord(topic: measurements, key: "MN001", value: Array("measurement-0".utf8)),
            OutgoingRecord(topic: frames, key: "MN001", value: Array("frame-1".utf8)),
        ])
        #expect(first.map(\.topic) == [frames, measurements, frames])
        #expect(first.map(\.offset) == [0, 0, 1])
        // A single send after the batch continues the same partition's offsets.
        let single = try await producer.send(OutgoingRecord(topic: frames, key: "MN001", value: Array("frame-2".utf8)))
        #expect(single.offset == 2)
        #expect(try await producer.send([OutgoingRecord]()).isEmpty)
        await producer.close()
    }

    @Test func concurrentBatchesEachGetTheirOwnReports() async throws {
        let topic = try await TestCluster.makeTopic("batch-concurrent", partitions: 1)
        let producer = try Producer(configuration: TestCluster.configuration(), logger: TestCluster.logger)
        let batches = 100
        let perBatch = 3
        let reports = try await withThrowingTaskGroup(of: [DeliveryReport].self) { group in
            for batch in 0..<batches {
                group.addTask {
                    try await producer.send((0..<perBatch).map { index in
                        OutgoingRecord(topic: topic, key: "MN001", value: Array("\(batch)-\(index)".utf8))
                    })
                }
            }
            var all: [[DeliveryReport]] = []
            for try await reports in group { all.append(reports) }
            return all
        }
        #expect(reports.count == batches)
        #expect(reports.allSatisfy { $0.count == perBatch })
        // Within a batch the order holds (same key, same partition), and no offset is handed out twice.
        #expect(reports.allSatisfy { $0.map(\.offset) == $0.map(\.offset).sorted() })
        #expect(Set(reports.joined().map(\.offset)) == Set(0..<Int64(batches * perBatch)))
        await producer.close()
    }

    @Test func recordRefusedByLibrdkafkaFailsTheBatchWithItsReason() async throws {
        let topic = try await TestCluster.makeTopic("batch-refused", partitions: 1)
        let producer = try Producer(configuration: TestCluster.configuration(), logger: TestCluster.logger)
        // Larger than librdkafka's default message.max.bytes (1,000,000): refused at hand-over.
        let oversized = [UInt8](repeating: 0x41, count: 2_000_000)
        let error = await #expect(throws: KafkaError.self) {
            try await producer.send([
                OutgoingRecord(topic: topic, key: "MN001", value: [1]),
                OutgoingRecord(topic: topic, key: "MN001", value: oversized),
                OutgoingRecord(topic: topic, key: "MN001", value: [3]),
            ])
        }
        #expect(error?.code == .delivery)
        #expect(error?.reason.contains(topic) == true)
        #expect(error?.reason.lowercased().contains("too large") == true, "\(String(describing: error))")
        // The producer stays usable after a failed batch.
        let next = try await producer.send([OutgoingRecord(topic: topic, key: "MN001", value: [4])])
        #expect(next.count == 1)
        await producer.close()
    }

    @Test func unacknowledgedBatchFailsWithARetriableTimeout() async throws {
        let nowhere = KafkaConfiguration(bootstrapServers: "127.0.0.1:1", clientID: "duban-bus-tests", deliveryTimeout: .seconds(2))
        let producer = try Producer(configuration: nowhere, logger: TestCluster.logger)
        let started = ContinuousClock.now
        let error = await #expect(throws: KafkaError.self) {
            try await producer.send([
                OutgoingRecord(topic: BusTopics.frames, key: "MN1", value: [1]),
                OutgoingRecord(topic: BusTopics.measurements, key: "MN1", value: [2]),
            ])
        }
        #expect(error?.native == .messageTimedOut)
        #expect(error?.isRetriable == true)
        #expect(ContinuousClock.now - started < .seconds(10))
        await producer.close()
    }

    @Test func closeFailsAPendingBatchAndRefusesNewOnes() async throws {
        var configuration = KafkaConfiguration(bootstrapServers: "127.0.0.1:1", clientID: "duban-bus-tests")
        configuration.deliveryTimeout = .seconds(120)
        let producer = try Producer(configuration: configuration, logger: TestCluster.logger)
        let pending = Task {
            try await producer.send([
                OutgoingRecord(topic: BusTopics.frames, key: "MN1", value: [1]),
                OutgoingRecord(topic: BusTopics.frames, key: "MN1", value: [2]),
            ])
        }
        try await Task.sleep(for: .milliseconds(300))
        let started = ContinuousClock.now
        await producer.close()
        let result = await pending.result
        #expect(ContinuousClock.now - started < .seconds(5))
        guard case .failure(let error as KafkaError) = result else {
            Issue.record("a batch pending at close must fail, got \(result)")
            return
        }
        #expect(error.code == .closed)
        let refused = await #expect(throws: KafkaError.self) {
            try await producer.send([OutgoingRecord(topic: BusTopics.frames, key: "MN1", value: [3])])
        }
        #expect(refused?.code == .closed)
    }
}
