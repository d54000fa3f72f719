import Runtime

/// The producer's in-flight sends. A send (of one record or of a batch) opens an entry before its
/// records go to librdkafka; each record's opaque pointer carries the entry's id and the record's
/// index, and the delivery callback reports into the entry. The entry is decided when every record
/// was acknowledged or the first one failed; its one waiter is resumed exactly once, outside the
/// lock, whether it attached before or after the decision. Later reports for a decided entry are
/// ignored. `close` fails every undecided entry.
final class DeliveryTable: Sendable {
    typealias Waiter = CheckedContinuation<[DeliveryReport], any Error>

    /// Bits of the opaque pointer that carry the record's index within its batch.
    static let indexBits = 20
    /// Largest batch one entry can track.
    static let maximumBatch = 1 << indexBits

    private struct Entry: Sendable {
        var reports: [DeliveryReport?]
        var remaining: Int
        var outcome: Result<[DeliveryReport], KafkaError>?
        var waiter: Waiter?
    }

    private struct State: Sendable {
        var nextID: UInt = 1
        var pending: [UInt: Entry] = [:]
        var closedBy: KafkaError?
    }

    private let state = Locked(State())

    /// Opens an entry for `count` records (1 … `maximumBatch`); returns its id, or throws the
    /// closing error once the producer is closed.
    func open(count: Int) throws(KafkaError) -> UInt {
        precondition(count > 0 && count <= Self.maximumBatch, "batch of \(count) records")
        let outcome: Result<UInt, KafkaError> = state.withLock { state in
            if let error = state.closedBy { return .failure(error) }
            let id = state.nextID
            state.nextID += 1
            state.pending[id] = Entry(reports: Array(repeating: nil, count: count), remaining: count)
            return .success(id)
        }
        return try outcome.get()
    }

    /// The opaque value librdkafka carries for record `index` of entry `id`.
    static func opaque(id: UInt, index: Int) -> UInt { id << indexBits | UInt(index) }

    /// Reports the outcome of the record a delivery callback's opaque value names.
    func complete(opaque: UInt, with result: Result<DeliveryReport, KafkaError>) {
        complete(opaque >> Self.indexBits, index: Int(opaque & UInt(Self.maximumBatch - 1)), with: result)
    }

    /// Reports the outcome of record `index` of entry `id` (ignored once the entry is decided).
    func complete(_ id: UInt, index: Int, with result: Result<DeliveryReport, KafkaError>) {
        let resume: (Waiter, Result<[DeliveryReport], KafkaError>)? = state.withLock { state in
            // Mutated in place through the dictionary's storage: no copy of the entry's reports.
            guard let slot = state.pending.index(forKey: id) else { return nil }
            let undecided = state.pending.values[slot].outcome == nil
            guard undecided, state.pending.values[slot].reports.indices.contains(index) else { return nil }
            switch result {
            case .success(let report):
                guard state.pending.values[slot].reports[index] == nil else { return nil }
                state.pending.values[slot].reports[index] = report
                state.pending.values[slot].remaining -= 1
                if state.pending.values[slot].remaining == 0 {
                    state.pending.values[slot].outcome = .success(state.pending.values[slot].reports.map { $0! })
                }
            case .failure(let error):
                state.pending.values[slot].outcome = .failure(error)
            }
            // Decided with its waiter attached: hand both back and forget the entry.
            guard let outcome = state.pending.values[slot].outcome, let waiter = state.pending.values[slot].waiter else { return nil }
            state.pending.remove(at: slot)
            return (waiter, outcome)
        }
        if let (waiter, outcome) = resume { waiter.resume(with: outcome) }
    }

    /// Attaches the waiter of entry `id`; resumes it at once if the entry is already decided.
    func wait(_ id: UInt, _ waiter: Waiter) {
        let resume: Result<[DeliveryReport], KafkaError>? = state.withLock { state in
            guard let slot = state.pending.index(forKey: id) else {
                // Every entry stays until its waiter takes the outcome: unreachable.
                return .failure(state.closedBy ?? KafkaError(.closed, "the producer is closed"))
            }
            if let outcome = state.pending.values[slot].outcome {
                state.pending.remove(at: slot)
                return outcome
            }
            state.pending.values[slot].waiter = waiter
            return nil
        }
        if let resume { waiter.resume(with: resume) }
    }

    /// Refuses new sends from now on and fails every undecided entry with `error`.
    func close(failingPendingWith error: KafkaError) {
        let waiters = state.withLock { state -> [Waiter] in
            if state.closedBy == nil { state.closedBy = error }
            var waiters: [Waiter] = []
            for (id, var entry) in state.pending {
                if entry.outcome == nil { entry.outcome = .failure(error) }
                if let waiter = entry.waiter {
                    waiters.append(waiter)
                    state.pending.removeValue(forKey: id)
                } else {
                    // The sender attaches soon and finds the decision.
                    state.pending[id] = entry
                }
            }
            return waiters
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }

    /// Refuses new sends without touching pending ones (they still get their delivery reports).
    func refuseNewSends(with error: KafkaError) {
        state.withLock { state in
            if state.closedBy == nil { state.closedBy = error }
        }
    }
}
