import Synchronization

/// Which transaction the current task is running in, so statements from the transaction's body
/// go through while other tasks' statements wait for it to end.
enum TransactionContext {
    @TaskLocal static var current: UInt64?

    private static let counter = Atomic<UInt64>(0)

    static func nextToken() -> UInt64 {
        counter.add(1, ordering: .relaxed).newValue
    }
}
