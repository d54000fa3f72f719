/// Metadata keys of the `Store` module's log records, in one place.
enum StoreLogKey {
    static let attempt = "db.attempt"
    static let retryIn = "db.retry_in"
    static let error = "db.error"
    static let backendPID = "db.backend_pid"
    static let application = "db.application"
    static let schema = "db.schema"
    static let migrationVersion = "db.migration.version"
    static let migrationName = "db.migration.name"
    static let duration = "db.duration"
    static let sqlState = "db.sqlstate"
    static let severity = "db.severity"
}
