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
            guard var entry = state.pending[id], entry.outcome == nil, entry.reports.indices.contains(index) else { return nil }
            switch result {
            case .success(let report):
                guard entry.reports[index] == nil else { return nil }
                entry.reports[index] = report
                entry.remaining -= 1
                if entry.remaining == 0 { entry.outcome = .success(entry.reports.map { $0! }) }
            case .failure(let error):
                entry.outcome = .failure(error)
            }
            return Self.store(entry, id: id, in: &state)
        }
        if let (waiter, outcome) = resume { waiter.resume(with: outcome) }
    }

    /// Attaches the waiter of entry `id`; resumes it at once if the entry is already decided.
    func wait(_ id: UInt, _ waiter: Waiter) {
        let resume: Result<[DeliveryReport], KafkaError>? = state.withLock { state in
            guard var entry = state.pending[id] else {
                // Only `close` removes an undecided entry, and it decides it first; unreachable.
                return .failure(state.closedBy ?? KafkaError(.closed, "the producer is closed"))
            }
            if let outcome = entry.outcome {
                state.pending.removeValue(forKey: id)
                return outcome
            }
            entry.waiter = waiter
            state.pending[id] = entry
            return nil
        }
        if let resume { waiter.resume(with: resume) }
    }

    /// Keeps `entry`; once it is decided and its waiter attached, removes it and hands both back.
    private static func store(_ entry: Entry, id: UInt, in state: inout State)
        -> (Waiter, Result<[DeliveryReport], KafkaError>)?
    {
        if let outcome = entry.outcome, let waiter = entry.waiter {
            state.pending.removeValue(forKey: id)
            return (waiter, outcome)
        }
        state.pending[id] = entry
        return nil
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
