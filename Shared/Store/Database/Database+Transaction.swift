extension Database {
    /// Runs `body` in a transaction: BEGIN, then COMMIT when `body` returns, ROLLBACK when it
    /// throws (the error is rethrown). Statements of other tasks on this `Database` wait until it
    /// ends. A transaction inside a transaction of the same `Database` throws
    /// `transaction_failed`; a transaction that an earlier error aborted (the error was caught
    /// inside `body`) is rolled back and throws `transaction_failed` on COMMIT.
    ///
    /// The transaction is not retried: on `serialization_failure` or `connection_lost` (both
    /// `isRetriable`), call `transaction` again if `body` can be repeated.
    public func transaction<Value: Sendable>(
        isolation level: IsolationLevel = .readCommitted, readOnly: Bool = false,
        file: String = #fileID, line: UInt = #line,
        _ body: @Sendable (isolated Database) async throws -> Value
    ) async throws -> Value {
        if let current = TransactionContext.current, current == transaction?.owner {
            throw DatabaseError(
                .transactionFailed, reason: "a transaction was started inside a transaction of the same database",
                file: file, line: line)
        }
        try await waitForTransactionTurn(file: file, line: line)
        let token = TransactionContext.nextToken()
        transaction = TransactionState(owner: token)
        defer { endTransaction() }

        let begin = "BEGIN ISOLATION LEVEL \(level.rawValue)\(readOnly ? " READ ONLY" : "")"
        _ = try await TransactionContext.$current.withValue(token) {
            try await perform(.statement(Query(unsafeRaw: begin)), file: file, line: line)
        }
        transaction?.isOpen = true

        let value: Value
        do {
            value = try await TransactionContext.$current.withValue(token) {
                try await body(self)
            }
        } catch {
            await rollback(token: token, file: file, line: line)
            throw error
        }
        // COMMIT runs even if the task was cancelled meanwhile: the body's work is done.
        let commit = try await TransactionContext.$current.withValue(token) {
            try await perform(.statement("COMMIT"), cancellable: false, file: file, line: line)
        }
        if commit.commandTag == "ROLLBACK" {
            throw DatabaseError(
                .transactionFailed,
                reason: "the transaction was aborted by an earlier error that the body caught; it was rolled back",
                file: file, line: line)
        }
        return value
    }

    private func rollback(token: UInt64, file: String, line: UInt) async {
        guard transaction?.isBroken == false else { return }
        do {
            _ = try await TransactionContext.$current.withValue(token) {
                try await perform(.statement("ROLLBACK"), cancellable: false, file: file, line: line)
            }
        } catch {
            // The server rolls back on its own when the session ends; nothing more to do.
            logger.warning("ROLLBACK failed", metadata: [StoreLogKey.error: "\(error)"])
        }
    }

    private func endTransaction() {
        transaction = nil
        let waiters = transactionWaiters.values
        transactionWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    /// Waits while a transaction of another task is in progress.
    func waitForTransactionTurn(file: String, line: UInt) async throws {
        while let owner = transaction?.owner, owner != TransactionContext.current {
            nextWaiterID += 1
            let id = nextWaiterID
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    if Task.isCancelled {
                        continuation.resume(throwing: CancellationError())
                    } else {
                        transactionWaiters[id] = continuation
                    }
                }
            } onCancel: {
                Task { await self.cancelWaiter(id) }
            }
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        transactionWaiters.removeValue(forKey: id)?.resume(throwing: CancellationError())
    }
}
