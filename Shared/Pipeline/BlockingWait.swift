import Dispatch
import Runtime

/// Runs async work from a non-cooperative thread (librdkafka's polling thread) and blocks it
/// until the work is done.
enum BlockingWait {
    static func run<Result: Sendable>(_ work: @escaping @Sendable () async throws -> Result) throws -> Result {
        let box = Locked<Swift.Result<Result, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result: Swift.Result<Result, any Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            box.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try box.value!.get()
    }
}
