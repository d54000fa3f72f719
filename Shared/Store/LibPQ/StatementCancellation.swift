import Dispatch
import Synchronization

/// Links one statement to the task that runs it: when the task is cancelled while the statement
/// runs, `PQcancel` is sent from a global queue (it blocks for a network round trip).
///
/// The statement waits in `end()` for a cancel request already on its way, so a late request can
/// never hit the next statement of the connection.
final class StatementCancellation: Sendable {
    private struct State {
        var isCancelled = false
        var running: PQCanceller?
    }

    private let state = Mutex(State())
    private let pendingRequests = DispatchGroup()
    private let canceller: PQCanceller?

    init(canceller: PQCanceller?) {
        self.canceller = canceller
    }

    /// Marks the statement as running; false when the task was already cancelled (do not send).
    func begin() -> Bool {
        state.withLock { state in
            guard !state.isCancelled else { return false }
            state.running = canceller
            return true
        }
    }

    /// Marks the statement as finished, after any cancel request in flight has been delivered.
    func end() {
        state.withLock { $0.running = nil }
        pendingRequests.wait()
    }

    var wasCancelled: Bool { state.withLock { $0.isCancelled } }

    /// The task cancellation handler: may run on any thread, at any time.
    func cancel() {
        let target: PQCanceller? = state.withLock { state in
            state.isCancelled = true
            guard let running = state.running else { return nil }
            pendingRequests.enter()
            return running
        }
        guard let target else { return }
        DispatchQueue.global().async { [pendingRequests] in
            _ = target.cancel()
            pendingRequests.leave()
        }
    }
}
