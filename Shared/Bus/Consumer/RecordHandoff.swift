import Foundation

/// Passes records from the consumer's polling thread to `next()` callers through a small bounded
/// queue. When the queue is full the thread blocks, so it stops reading from Kafka until the
/// handler catches up (backpressure). Per-partition order is the thread's order.
///
/// `@unchecked Sendable`: every mutable field is read and written only with `condition` locked.
final class RecordHandoff: @unchecked Sendable {
    typealias Waiter = CheckedContinuation<ConsumedRecord?, any Error>

    private let condition = NSCondition()
    private let capacity: Int
    private var queue: [ConsumedRecord] = []
    private var head = 0
    private var waiter: Waiter?
    /// Set once: nil while running; `.success` when closed normally, `.failure` on a fatal error.
    private var ending: Result<Void, KafkaError>?

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    private var count: Int { queue.count - head }

    /// Called by the polling thread. Blocks while the queue is full; returns false once the
    /// handoff ended (the record is dropped: the consumer is closing).
    func put(_ record: ConsumedRecord) -> Bool {
        condition.lock()
        while count >= capacity && ending == nil {
            condition.wait()
        }
        guard ending == nil else {
            condition.unlock()
            return false
        }
        if let waiter {
            self.waiter = nil
            condition.unlock()
            waiter.resume(returning: record)
            return true
        }
        queue.append(record)
        condition.unlock()
        return true
    }

    /// The next record; suspends until one arrives. Returns nil after `end()`, throws the fatal
    /// error after `end(failing:)`, `CancellationError` when the waiting task is cancelled.
    func take() async throws -> ConsumedRecord? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: Waiter) in
                condition.lock()
                if count > 0 {
                    let record = queue[head]
                    head += 1
                    if head > 64 && head * 2 > queue.count {
                        queue.removeFirst(head)
                        head = 0
                    }
                    condition.broadcast()
                    condition.unlock()
                    continuation.resume(returning: record)
                } else if let ending {
                    condition.unlock()
                    continuation.resume(with: ending.map { nil }.mapError { $0 as any Error })
                } else if waiter != nil {
                    condition.unlock()
                    continuation.resume(
                        throwing: KafkaError(.misuse, "Consumer.next() called while another next() is waiting"))
                } else if Task.isCancelled {
                    condition.unlock()
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiter = continuation
                    condition.unlock()
                }
            }
        } onCancel: {
            condition.lock()
            let cancelled = waiter
            waiter = nil
            condition.unlock()
            cancelled?.resume(throwing: CancellationError())
        }
    }

    /// Forgets queued records of partitions this consumer no longer owns: their new owner reads
    /// them from its own stored offsets.
    func discard(partitions: Set<TopicPartition>) {
        condition.lock()
        let kept = queue[head...].filter { !partitions.contains(TopicPartition(topic: $0.topic, partition: $0.partition)) }
        queue = Array(kept)
        head = 0
        condition.broadcast()
        condition.unlock()
    }

    /// Ends the handoff: the thread stops blocking, queued records are dropped and `take()`
    /// returns nil (or throws `error`).
    func end(failing error: KafkaError? = nil) {
        condition.lock()
        if ending == nil { ending = error.map { .failure($0) } ?? .success(()) }
        queue.removeAll()
        head = 0
        let waiting = waiter
        waiter = nil
        let result = ending!
        condition.broadcast()
        condition.unlock()
        waiting?.resume(with: result.map { nil }.mapError { $0 as any Error })
    }
}
