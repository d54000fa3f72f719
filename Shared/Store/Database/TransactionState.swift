/// The transaction a `Database` is in, and the task that owns it.
struct TransactionState {
    /// Matches `TransactionContext.current` in the owning task (and its child tasks).
    let owner: UInt64
    /// BEGIN succeeded.
    var isOpen = false
    /// The connection broke: the server rolled the transaction back.
    var isBroken = false
}
