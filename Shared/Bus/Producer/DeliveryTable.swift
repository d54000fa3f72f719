import Runtime

/// The producer's in-flight sends. Each send registers its continuation under an integer id before
/// the record goes to librdkafka; the id travels as the message's opaque pointer and the delivery
/// callback looks it up. Every continuation is resumed exactly once, outside the lock: by the
/// callback, by a failed hand-over, or by `close` for callbacks that will never come.
final class DeliveryTable: Sendable {
    typealias Waiter = CheckedContinuation<DeliveryReport, any Error>

    private struct State: Sendable {
        var nextID: UInt = 1
        var pending: [UInt: Waiter] = [:]
        var closedBy: KafkaError?
    }

    private let state = Locked(State())

    /// Registers `waiter`; returns its id, or resumes it with the closing error and returns nil.
    func register(_ waiter: Waiter) -> UInt? {
        let outcome: Result<UInt, KafkaError> = state.withLock { state in
            if let error = state.closedBy { return .failure(error) }
            let id = state.nextID
            state.nextID += 1
            state.pending[id] = waiter
            return .success(id)
        }
        switch outcome {
        case .success(let id): return id
        case .failure(let error):
            waiter.resume(throwing: error)
            return nil
        }
    }

    /// Resumes the waiter registered under `id`, if it is still pending.
    func complete(_ id: UInt, with result: Result<DeliveryReport, KafkaError>) {
        let waiter = state.withLock { $0.pending.removeValue(forKey: id) }
        waiter?.resume(with: result)
    }

    /// Refuses new sends from now on and fails every pending one with `error`.
    func close(failingPendingWith error: KafkaError) {
        let waiters = state.withLock { state -> [Waiter] in
            if state.closedBy == nil { state.closedBy = error }
            defer { state.pending.removeAll() }
            return Array(state.pending.values)
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }

    /// Refuses new sends without touching pending ones (they still get their delivery reports).
    func refuseNewSends(with error: KafkaError) {
        state.withLock { state in
            if state.closedBy == nil { state.closedBy = error }
        }
    }

    var pendingCount: Int { state.withLock { $0.pending.count } }
}
