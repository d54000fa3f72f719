/// A PostgreSQL error code (SQLSTATE, five characters such as `23505`), wrapped so it reads as
/// what it means.
public struct SQLState: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The class: the first two characters (`23` integrity constraint violation, `08` connection…).
    public var errorClass: String { String(rawValue.prefix(2)) }

    /// PostgreSQL's condition name for the codes Duban meets, e.g. `unique_violation`.
    public var conditionName: String? { Self.conditionNames[self] }

    public var description: String {
        conditionName.map { "\(rawValue) \($0)" } ?? rawValue
    }

    public static let uniqueViolation = SQLState(rawValue: "23505")
    public static let foreignKeyViolation = SQLState(rawValue: "23503")
    public static let notNullViolation = SQLState(rawValue: "23502")
    public static let checkViolation = SQLState(rawValue: "23514")
    public static let exclusionViolation = SQLState(rawValue: "23P01")
    public static let serializationFailure = SQLState(rawValue: "40001")
    public static let deadlockDetected = SQLState(rawValue: "40P01")
    public static let lockNotAvailable = SQLState(rawValue: "55P03")
    public static let queryCanceled = SQLState(rawValue: "57014")
    public static let adminShutdown = SQLState(rawValue: "57P01")
    public static let crashShutdown = SQLState(rawValue: "57P02")
    public static let cannotConnectNow = SQLState(rawValue: "57P03")
    public static let inFailedTransaction = SQLState(rawValue: "25P02")
    public static let undefinedTable = SQLState(rawValue: "42P01")
    public static let undefinedColumn = SQLState(rawValue: "42703")
    public static let syntaxError = SQLState(rawValue: "42601")
    public static let invalidTextRepresentation = SQLState(rawValue: "22P02")
    public static let numericValueOutOfRange = SQLState(rawValue: "22003")
    public static let stringDataRightTruncation = SQLState(rawValue: "22001")
    public static let characterNotInRepertoire = SQLState(rawValue: "22021")
    public static let tooManyConnections = SQLState(rawValue: "53300")

    /// Codes after which the server ended the session before running (or while rolling back) the
    /// statement: it did not take effect, so it can be sent again on a new connection.
    var endedSessionWithoutEffect: Bool {
        [Self.adminShutdown, .crashShutdown, .cannotConnectNow].contains(self)
    }

    private static let conditionNames: [SQLState: String] = [
        uniqueViolation: "unique_violation", foreignKeyViolation: "foreign_key_violation",
        notNullViolation: "not_null_violation", checkViolation: "check_violation",
        exclusionViolation: "exclusion_violation", serializationFailure: "serialization_failure",
        deadlockDetected: "deadlock_detected", lockNotAvailable: "lock_not_available",
        queryCanceled: "query_canceled", adminShutdown: "admin_shutdown", crashShutdown: "crash_shutdown",
        cannotConnectNow: "cannot_connect_now", inFailedTransaction: "in_failed_sql_transaction",
        undefinedTable: "undefined_table", undefinedColumn: "undefined_column", syntaxError: "syntax_error",
        invalidTextRepresentation: "invalid_text_representation",
        numericValueOutOfRange: "numeric_value_out_of_range",
        stringDataRightTruncation: "string_data_right_truncation",
        characterNotInRepertoire: "character_not_in_repertoire", tooManyConnections: "too_many_connections",
        SQLState(rawValue: "42883"): "undefined_function", SQLState(rawValue: "42804"): "datatype_mismatch",
        SQLState(rawValue: "42P07"): "duplicate_table", SQLState(rawValue: "42P06"): "duplicate_schema",
        SQLState(rawValue: "3F000"): "invalid_schema_name", SQLState(rawValue: "22007"): "invalid_datetime_format",
        SQLState(rawValue: "22008"): "datetime_field_overflow", SQLState(rawValue: "22012"): "division_by_zero",
        SQLState(rawValue: "25001"): "active_sql_transaction", SQLState(rawValue: "0A000"): "feature_not_supported",
        SQLState(rawValue: "42501"): "insufficient_privilege", SQLState(rawValue: "3D000"): "invalid_catalog_name",
        SQLState(rawValue: "28P01"): "invalid_password", SQLState(rawValue: "08006"): "connection_failure",
        SQLState(rawValue: "22023"): "invalid_parameter_value", SQLState(rawValue: "42P02"): "undefined_parameter",
        SQLState(rawValue: "08P01"): "protocol_violation",
    ]
}
