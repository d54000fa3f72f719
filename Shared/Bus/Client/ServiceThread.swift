import Foundation
import Runtime
import Synchronization

/// A dedicated OS thread for librdkafka's blocking calls (poll, consumer poll, flush), so they never
/// occupy a thread of Swift's cooperative pool. `join()` waits for it without blocking either.
final class ServiceThread: Sendable {
    private let finished = Locked<Finish>(.running([]))

    private enum Finish: Sendable {
        case running([CheckedContinuation<Void, Never>])
        case done
    }

    /// Starts `body` on a new thread named `name`.
    init(name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread { [finished] in
            body()
            let waiters = finished.withLock { state -> [CheckedContinuation<Void, Never>] in
                defer { state = .done }
                if case .running(let waiters) = state { return waiters }
                return []
            }
            for waiter in waiters { waiter.resume() }
        }
        thread.name = name
        thread.start()
    }

    /// Returns once the thread's body has returned.
    func join() async {
        await withCheckedContinuation { continuation in
            let alreadyDone = finished.withLock { state -> Bool in
                switch state {
                case .done: return true
                case .running(var waiters):
                    waiters.append(continuation)
                    state = .running(waiters)
                    return false
                }
            }
            if alreadyDone { continuation.resume() }
        }
    }

    /// Runs `body` on a new thread and returns its result, without blocking the caller's thread.
    static func run<Result: Sendable>(name: String, _ body: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            _ = ServiceThread(name: name) { continuation.resume(returning: body()) }
        }
    }
}
