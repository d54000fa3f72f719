public import Runtime
import Synchronization

/// One PostgreSQL connection, used by one task at a time.
///
/// The actor runs on its own serial executor (a private dispatch queue), so libpq's blocking
/// calls never hold a thread of Swift's cooperative pool; open several `Database`s for
/// parallel work. Statements are built with `Query` interpolation (values become parameters).
///
/// When the connection drops, the next statement reconnects with backoff. A statement that failed
/// because the server ended the session is sent again on the new connection, but only outside a
/// transaction; inside one, the transaction is lost and `connection_lost` is thrown.
/// Cancelling the calling task cancels the running statement on the server (`PQcancel`) and
/// throws `CancellationError`.
public actor Database {
    public nonisolated let configuration: DatabaseConfiguration
    let logger: Logger
    private let executor: ConnectionExecutor
    private let metrics: DatabaseMetrics

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    /// The open connection; nil before the first connect, after a drop, and after `close()`.
    private var connection: PQConnection?
    private var isClosed = false
    /// The transaction in progress, if any (see Database+Transaction.swift).
    var transaction: TransactionState?
    /// Tasks waiting for the transaction of another task to end.
    var transactionWaiters: [UInt64: CheckedContinuation<Void, any Error>] = [:]
    var nextWaiterID: UInt64 = 0

    private init(configuration: DatabaseConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        executor = ConnectionExecutor(label: "duban.store.\(configuration.applicationName)")
        metrics = DatabaseMetrics(application: configuration.applicationName)
    }

    /// Connects (retrying per `configuration.reconnect`) and returns a working database, or
    /// throws `invalid_configuration` (bad URL, at once) or `connection_failed`.
    public static func connect(
        _ configuration: DatabaseConfiguration, logger: Logger, file: String = #fileID, line: UInt = #line
    ) async throws -> Database {
        if let problem = PQConnection.validate(conninfo: configuration.url) {
            throw DatabaseError(.invalidConfiguration, reason: "the database URL is not valid: \(problem)", file: file, line: line)
        }
        let database = Database(configuration: configuration, logger: logger)
        try await database.connectAtStart(file: file, line: line)
        return database
    }

    // MARK: Statements

    /// Runs a statement and returns its rows.
    public func query(_ query: Query, file: String = #fileID, line: UInt = #line) async throws -> [Row] {
        try await perform(.statement(query), file: file, line: line).rows
    }

    /// Runs a statement and returns the number of rows it inserted, updated or deleted.
    @discardableResult
    public func execute(_ query: Query, file: String = #fileID, line: UInt = #line) async throws -> Int {
        try await perform(.statement(query), file: file, line: line).affectedRows
    }

    /// Runs several statements separated by `;` with no parameters, e.g. a migration. Inside a
    /// transaction they join it; outside one they run as one implicit transaction.
    public func execute(script: String, file: String = #fileID, line: UInt = #line) async throws {
        _ = try await perform(.script(script), file: file, line: line)
    }

    /// Checks the connection with `SELECT 1`, reconnecting at most once: for readiness probes.
    public func ping(file: String = #fileID, line: UInt = #line) async throws {
        _ = try await perform(.statement("SELECT 1"), connectAttempts: 1, file: file, line: line)
    }

    /// Closes the connection; every later call throws `connection_closed`.
    public func close() {
        isClosed = true
        connection = nil
        for waiter in transactionWaiters.values {
            waiter.resume(throwing: DatabaseError(.connectionClosed, reason: "the database was closed", file: #fileID, line: #line))
        }
        transactionWaiters.removeAll()
    }

    enum Command {
        case statement(Query)
        case script(String)

        var loggableText: String {
            switch self {
            case .statement(let query): query.debugDescription
            case .script(let sql): sql
            }
        }
    }

    /// Runs `command` in turn with any transaction of another task, reconnecting when needed and
    /// sending it again when that is known to be safe.
    func perform(
        _ command: Command, connectAttempts: Int? = nil, cancellable: Bool = true, file: String, line: UInt
    ) async throws -> StatementResult {
        try validate(command, file: file, line: line)
        try await waitForTransactionTurn(file: file, line: line)
        let insideTransaction = transaction?.isOpen == true
        var sentAgain = false
        while true {
            let connection = try await liveConnection(
                insideTransaction: insideTransaction, connectAttempts: connectAttempts, file: file, line: line)
            let reply = try await run(command, on: connection, cancellable: cancellable)
            switch reply {
            case .success(let result):
                return result
            case .failure(let fields, let connectionBroken) where connectionBroken:
                drop(connection, reason: fields.message ?? "connection broken")
                if insideTransaction {
                    transaction?.isBroken = true
                    throw DatabaseError(
                        .connectionLost, reason: "the connection broke inside a transaction; the server rolled it back",
                        server: fields, statement: command.loggableText, file: file, line: line)
                }
                if !sentAgain, fields.sqlState?.endedSessionWithoutEffect == true {
                    // The server ended the session (e.g. pg_terminate_backend) before the
                    // statement could take effect: sending it again cannot apply it twice.
                    sentAgain = true
                    logger.warning("PostgreSQL ended the session; sending the statement again on a new connection",
                                   metadata: [StoreLogKey.error: fields.sqlState?.description ?? ""])
                    continue
                }
                throw DatabaseError(
                    .connectionLost, reason: "the connection broke during the statement; its outcome is unknown",
                    server: fields, statement: command.loggableText, file: file, line: line)
            case .failure(let fields, _):
                metrics.statementErrors.increment()
                throw DatabaseError.server(fields, statement: command.loggableText, file: file, line: line)
            }
        }
    }

    private func validate(_ command: Command, file: String, line: UInt) throws {
        guard case .statement(let query) = command else { return }
        for (index, parameter) in query.parameters.enumerated() {
            if case .text(let text)? = parameter.value, text.utf8.contains(0) {
                throw DatabaseError(
                    .invalidParameter,
                    reason: "parameter $\(index + 1) (\(parameter.type.name)) contains a NUL character, which PostgreSQL cannot store in text",
                    file: file, line: line)
            }
        }
    }

    /// Sends `command` on the executor's thread; task cancellation sends `PQcancel`.
    private func run(_ command: Command, on connection: PQConnection, cancellable: Bool) async throws -> StatementReply {
        guard cancellable else { return send(command, on: connection) }
        let cancellation = StatementCancellation(canceller: connection.canceller)
        let reply = try await withTaskCancellationHandler {
            guard cancellation.begin() else { throw CancellationError() }
            defer { cancellation.end() }
            return send(command, on: connection)
        } onCancel: {
            cancellation.cancel()
        }
        if cancellation.wasCancelled, case .failure(let fields, _) = reply, fields.sqlState == .queryCanceled {
            throw CancellationError()
        }
        return reply
    }

    private func send(_ command: Command, on connection: PQConnection) -> StatementReply {
        switch command {
        case .statement(let query): connection.execute(query.sql, parameters: query.parameters)
        case .script(let sql): connection.executeScript(sql)
        }
    }

    // MARK: Connection

    /// The connection to use now: the open one if the server has not ended it, else a new one
    /// (never inside a transaction, whose state died with the old connection).
    private func liveConnection(
        insideTransaction: Bool, connectAttempts: Int?, file: String, line: UInt
    ) async throws -> PQConnection {
        if let connection {
            if !connection.wasClosedByServer() { return connection }
            drop(connection, reason: connection.errorMessage.isEmpty ? "closed by the server" : connection.errorMessage)
        }
        if insideTransaction {
            transaction?.isBroken = true
            throw DatabaseError(
                .connectionLost, reason: "the connection broke inside a transaction; the server rolled it back",
                file: file, line: line)
        }
        return try await openConnection(maxAttempts: connectAttempts ?? configuration.reconnect.maxAttempts, file: file, line: line)
    }

    private func connectAtStart(file: String, line: UInt) async throws {
        _ = try await openConnection(maxAttempts: configuration.reconnect.maxAttempts, file: file, line: line)
    }

    private func drop(_ broken: PQConnection, reason: String) {
        guard connection === broken else { return }
        metrics.connectionsLost.increment()
        logger.warning("PostgreSQL connection lost", metadata: [StoreLogKey.error: reason])
        connection = nil
    }

    /// Opens a connection, retrying with backoff; another task may reconnect while this one
    /// sleeps, in which case its connection is used.
    private func openConnection(maxAttempts: Int, file: String, line: UInt) async throws -> PQConnection {
        var attempt = 0
        while true {
            if isClosed {
                throw DatabaseError(.connectionClosed, reason: "the database was closed", file: file, line: line)
            }
            if let connection { return connection }
            attempt += 1
            do {
                let opened = try PQConnection.connect(configuration.libpqSettings(), logger: logger)
                connection = opened
                metrics.connects.increment()
                logger.info("connected to PostgreSQL", metadata: [
                    StoreLogKey.backendPID: "\(opened.backendProcessID)", StoreLogKey.application: configuration.applicationName,
                ])
                return opened
            } catch {
                metrics.connectFailures.increment()
                guard attempt < maxAttempts else {
                    throw DatabaseError(
                        .connectionFailed, reason: "could not connect to PostgreSQL after \(attempt) attempt(s): \(error.message)", file: file, line: line)
                }
                let delay = configuration.reconnect.delay(afterAttempt: attempt)
                logger.warning("cannot connect to PostgreSQL; retrying", metadata: [
                    StoreLogKey.attempt: "\(attempt)", StoreLogKey.retryIn: "\(DatabaseConfiguration.milliseconds(delay)) ms", StoreLogKey.error: error.message,
                ])
                try await Task.sleep(for: delay)
            }
        }
    }
}
