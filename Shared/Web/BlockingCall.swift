import Dispatch
import Runtime

/// Runs async work from a thread that is not part of the cooperative pool (a C library's own
/// thread) and blocks that thread until the work is done.
enum BlockingCall {
    static func run<Result: Sendable>(_ work: @escaping @Sendable () async -> Result) -> Result {
        let box = Locked<Result?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let value = await work()
            box.withLock { $0 = value }
            done.signal()
        }
        done.wait()
        return box.value!
    }
}
