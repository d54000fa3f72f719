import Bus
import Testing

@Suite(.timeLimit(.minutes(2)))
struct ProducerTests {
    @Test func sendCompletesWithIncreasingOffsetsAfterAcknowledgement() async throws {
        let topic = try await TestCluster.makeTopic("ack", partitions: 1)
        let producer = try Producer(configuration: TestCluster.configuration(), logger: TestCluster.logger)
        var offsets: [Int64] = []
        for index in 0..<5 {
            let report = try await producer.send(
                OutgoingRecord(topic: topic, key: "MN001", value: Array("value-\(index)".utf8)))
            #expect(report.topic == topic)
            #expect(report.partition == 0)
            offsets.append(report.offset)
        }
        #expect(offsets == [0, 1, 2, 3, 4])
        await producer.close()
    }
}
