import Dispatch

/// Runs async work from a thread that is not part of Swift's cooperative pool (a C library's own
/// thread: libmicrohttpd's connection thread, librdkafka's polling thread) and blocks that
/// thread until the work is done. Never call it from async code.
public enum BlockingBridge {
    public static func run<Result: Sendable>(_ work: @escaping @Sendable () async throws -> Result) throws -> Result {
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

    public static func run<Result: Sendable>(_ work: @escaping @Sendable () async -> Result) -> Result {
        // The throwing variant cannot throw here: the work does not.
        try! run { () async throws -> Result in await work() }
    }
}
