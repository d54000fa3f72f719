/// Every failure of `Store`: a stable `code` to branch on, the server's SQLSTATE when there is
/// one, whether trying again may succeed, and where it happened.
///
/// `description` is safe to log: it names the code, the SQLSTATE and the schema objects involved
/// (table, column, constraint), never bound values or the server's message and detail, which may
/// quote data. `debugDescription` adds those, and the statement with its values.
public struct DatabaseError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// A stable, machine-readable error code (its raw value never changes once released).
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The configuration (URL, options) is unusable; nothing was tried.
        public static let invalidConfiguration = Code(rawValue: "invalid_configuration")
        /// No connection could be opened (after the configured attempts).
        public static let connectionFailed = Code(rawValue: "connection_failed")
        /// The connection broke during a statement or inside a transaction; the outcome of an
        /// autocommit statement is unknown, a transaction was rolled back by the server.
        public static let connectionLost = Code(rawValue: "connection_lost")
        /// `close()` was called.
        public static let connectionClosed = Code(rawValue: "connection_closed")
        /// The server refused the statement (see `sqlState`).
        public static let queryFailed = Code(rawValue: "query_failed")
        public static let uniqueViolation = Code(rawValue: "unique_violation")
        public static let foreignKeyViolation = Code(rawValue: "foreign_key_violation")
        public static let notNullViolation = Code(rawValue: "not_null_violation")
        public static let checkViolation = Code(rawValue: "check_violation")
        public static let serializationFailure = Code(rawValue: "serialization_failure")
        public static let deadlockDetected = Code(rawValue: "deadlock_detected")
        /// The server cancelled the statement (statement timeout, `pg_cancel_backend`). Task
        /// cancellation throws `CancellationError` instead.
        public static let queryCancelled = Code(rawValue: "query_cancelled")
        /// A parameter cannot be sent (e.g. text containing NUL).
        public static let invalidParameter = Code(rawValue: "invalid_parameter")
        /// A column is missing, NULL where a value was required, or of another type.
        public static let decodeFailed = Code(rawValue: "decode_failed")
        /// A transaction was misused: nested, or COMMIT found it already aborted.
        public static let transactionFailed = Code(rawValue: "transaction_failed")
        /// The migrations embedded in the binary are inconsistent (duplicate version, bad schema name).
        public static let invalidMigration = Code(rawValue: "invalid_migration")
        /// An applied migration differs from the embedded one with the same version.
        public static let migrationChecksumMismatch = Code(rawValue: "migration_checksum_mismatch")
        /// A migration's SQL failed (see `sqlState`); it was rolled back.
        public static let migrationFailed = Code(rawValue: "migration_failed")
    }

    public let code: Code
    /// The server's error code, when the server reported the error.
    public let sqlState: SQLState?
    /// What happened, in Duban's words, free of data values.
    public let reason: String
    /// Whether the same operation may succeed if tried again (connection trouble, serialization
    /// failure, deadlock, lock timeout).
    public let isRetriable: Bool
    /// Schema objects named by the server (identifiers, not data).
    public let schemaName: String?
    public let tableName: String?
    public let columnName: String?
    public let constraintName: String?
    /// The server's or libpq's own message, detail and hint (may quote data: debug only).
    public let serverMessage: String?
    public let serverDetail: String?
    public let serverHint: String?
    /// The statement with its bound values (debug only).
    public let statement: String?
    public let file: String
    public let line: UInt

    init(
        _ code: Code, reason: String, sqlState: SQLState? = nil, isRetriable: Bool? = nil,
        server: ServerErrorFields? = nil, statement: String? = nil, file: String, line: UInt
    ) {
        self.code = code
        self.reason = reason
        self.sqlState = sqlState ?? server?.sqlState
        self.isRetriable = isRetriable ?? Self.defaultRetriable(code)
        schemaName = server?.schema
        tableName = server?.table
        columnName = server?.column
        constraintName = server?.constraint
        serverMessage = server?.message
        serverDetail = server?.detail
        serverHint = server?.hint
        self.statement = statement
        self.file = file
        self.line = line
    }

    public var description: String {
        var text = "[\(code)] \(reason)"
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        let objects = [
            schemaName.map { "schema \($0)" }, tableName.map { "table \($0)" },
            columnName.map { "column \($0)" }, constraintName.map { "constraint \($0)" },
        ].compactMap { $0 }
        if !objects.isEmpty { text += " [\(objects.joined(separator: ", "))]" }
        return text + " at \(file):\(line)"
    }

    public var debugDescription: String {
        var text = description
        if let serverMessage { text += "\n  message: \(serverMessage)" }
        if let serverDetail { text += "\n  detail: \(serverDetail)" }
        if let serverHint { text += "\n  hint: \(serverHint)" }
        if let statement { text += "\n  statement: \(statement)" }
        return text
    }

    private static func defaultRetriable(_ code: Code) -> Bool {
        [Code.connectionFailed, .connectionLost, .serializationFailure, .deadlockDetected].contains(code)
    }
}

extension DatabaseError {
    /// Maps a server error to its code.
    static func server(
        _ fields: ServerErrorFields, statement: String?, file: String, line: UInt
    ) -> DatabaseError {
        let (code, reason): (Code, String) =
            switch fields.sqlState {
            case .uniqueViolation?: (.uniqueViolation, "a unique constraint would be violated")
            case .foreignKeyViolation?: (.foreignKeyViolation, "a foreign key constraint would be violated")
            case .notNullViolation?: (.notNullViolation, "a NOT NULL column would get NULL")
            case .checkViolation?: (.checkViolation, "a check constraint would be violated")
            case .serializationFailure?: (.serializationFailure, "the transaction could not be serialized")
            case .deadlockDetected?: (.deadlockDetected, "a deadlock was detected")
            case .queryCanceled?: (.queryCancelled, "the server cancelled the statement")
            case let state?: (.queryFailed, "the server refused the statement (\(state.conditionName ?? "class \(state.errorClass)"))")
            case nil: (.queryFailed, "the server refused the statement")
            }
        let retriable = fields.sqlState == .lockNotAvailable || code == .serializationFailure || code == .deadlockDetected
        return DatabaseError(code, reason: reason, isRetriable: retriable, server: fields, statement: statement, file: file, line: line)
    }
}
