import Bus
import Foundation
import Runtime

/// Reads a topic from its beginning with a fresh consumer group, for assertions.
///
/// One task pumps the consumer into a buffer for the reader's whole life and `read` only looks at
/// the buffer: a `next()` raced against a timeout and cancelled could lose the record it was
/// handed at that instant, and a test would then wait for an event that had already arrived.
final class TopicReader: @unchecked Sendable {
    // @unchecked Sendable: `received` is guarded by `lock`; `events` is used by one test task.
    private let consumer: Consumer
    private let lock = NSLock()
    private var received: [[String: Any]] = []
    private var pump: Task<Void, Never>?
    private(set) var events: [[String: Any]] = []

    init(stack: Stack, topic: String) throws {
        consumer = try Consumer(
            configuration: KafkaConfiguration(bootstrapServers: stack.bootstrap, clientID: "it-reader", sessionTimeout: .seconds(3)),
            groupID: "it-\(topic)-\(UUID().uuidString)", topics: [topic], logger: Logger(label: "it.reader", level: .warning)
        ) { _, _ in nil }
        pump = Task { [consumer, weak self] in
            while !Task.isCancelled {
                guard let record = try? await consumer.next() else { return }
                guard let event = try? JSONSerialization.jsonObject(with: Data(record.value)) as? [String: Any] else { continue }
                guard let self else { return }
                self.lock.withLock { self.received.append(event) }
            }
        }
    }

    /// Reads until `condition` holds for the events read so far, or `timeout` passes.
    @discardableResult
    func read(until condition: ([[String: Any]]) -> Bool, timeout: Duration = .seconds(60)) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + timeout
        while true {
            events = lock.withLock { received }
            if condition(events) || ContinuousClock.now >= deadline { return events }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Keeps reading for `duration` (to see that nothing more arrives).
    func settle(for duration: Duration) async throws {
        _ = try await read(until: { _ in false }, timeout: duration)
    }

    func close() async {
        pump?.cancel()
        await consumer.close()
    }

    deinit { pump?.cancel() }
}

extension Dictionary where Key == String, Value == Any {
    var data: [String: Any] { self["data"] as? [String: Any] ?? [:] }
}
