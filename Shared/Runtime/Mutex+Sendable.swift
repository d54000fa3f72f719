import Synchronization

/// A reference-type box around `Mutex`, so state can be shared between a C callback, a thread and
/// async code without copying the lock.
public final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    public init(_ value: Value) { mutex = Mutex(value) }

    public func withLock<Result: Sendable>(_ body: (inout sending Value) throws -> sending Result) rethrows -> Result {
        try mutex.withLock(body)
    }

    public var value: Value { mutex.withLock { $0 } }
}
