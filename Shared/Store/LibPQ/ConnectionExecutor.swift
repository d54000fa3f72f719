import Dispatch

/// The serial executor of one `Database` actor: every job runs on a private dispatch queue, so
/// the blocking libpq calls made inside the actor never occupy a thread of Swift's cooperative
/// pool, and the connection (which libpq forbids sharing between threads at once) is only ever
/// touched by one job at a time.
final class ConnectionExecutor: SerialExecutor {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    func checkIsolated() {
        dispatchPrecondition(condition: .onQueue(queue))
    }
}
