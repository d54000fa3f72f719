import Bus
import Foundation
import Runtime

/// Reads a topic from its beginning with a fresh consumer group, for assertions.
final class TopicReader: @unchecked Sendable {
    // @unchecked Sendable: used by one test task at a time.
    private let consumer: Consumer
    private(set) var events: [[String: Any]] = []

    init(stack: Stack, topic: String) throws {
        consumer = try Consumer(
            configuration: KafkaConfiguration(bootstrapServers: stack.bootstrap, clientID: "it-reader", sessionTimeout: .seconds(3)),
            groupID: "it-\(topic)-\(UUID().uuidString)", topics: [topic], logger: Logger(label: "it.reader", level: .warning)
        ) { _, _ in nil }
    }

    /// Reads until `condition` holds for the events read so far, or `timeout` passes.
    @discardableResult
    func read(until condition: ([[String: Any]]) -> Bool, timeout: Duration = .seconds(60)) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + timeout
        while !condition(events), ContinuousClock.now < deadline {
            let record = try await withThrowingTaskGroup(of: ConsumedRecord?.self) { group in
                group.addTask { try await self.consumer.next() }
                group.addTask { try await Task.sleep(for: .seconds(2)); return nil }
                let first = try await group.next()!
                group.cancelAll()
                return first
            }
            if let record, let event = try JSONSerialization.jsonObject(with: Data(record.value)) as? [String: Any] {
                events.append(event)
            }
        }
        return events
    }

    /// Keeps reading for `duration` (to see that nothing more arrives).
    func settle(for duration: Duration) async throws {
        _ = try await read(until: { _ in false }, timeout: duration)
    }

    func close() async { await consumer.close() }
}

extension Dictionary where Key == String, Value == Any {
    var data: [String: Any] { self["data"] as? [String: Any] ?? [:] }
}
