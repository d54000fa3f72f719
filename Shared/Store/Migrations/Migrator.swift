import Runtime

/// Applies one schema's migrations at service start.
///
/// Each migration runs in its own transaction that first takes a transaction-level advisory lock
/// for the schema, so several processes starting together apply each migration exactly once (the
/// others wait, then see it recorded). Applied migrations are recorded in
/// `<schema>.schema_migrations(version, name, checksum, applied_at)`; the checksum is the SHA-256
/// of the SQL text, and a mismatch with the embedded text stops the start with
/// `migration_checksum_mismatch` naming the version.
public struct Migrator: Sendable {
    public let schema: String
    public let migrations: [Migration]

    public init(schema: String, migrations: [Migration]) {
        self.schema = schema
        self.migrations = migrations
    }

    /// A migration known to the database: from `schema_migrations`.
    public struct AppliedMigration: Sendable, Hashable {
        public let version: Int
        public let name: String
        public let checksum: String
    }

    /// Applies the pending migrations in ascending version order; returns the versions it applied
    /// (empty when the schema was up to date).
    @discardableResult
    public func apply(on database: Database, file: String = #fileID, line: UInt = #line) async throws -> [Int] {
        let ordered = try validated(file: file, line: line)
        let applied = try await database.transaction(file: file, line: line) { db in
            try await lockAndPrepare(db)
            return try await appliedMigrations(db)
        }
        try await verify(ordered, against: applied, on: database, file: file, line: line)
        let logger = database.logger

        var newlyApplied: [Int] = []
        for migration in ordered where applied[migration.version] == nil {
            let started = ContinuousClock.now
            let didApply = try await database.transaction(file: file, line: line) { db in
                try await lockAndPrepare(db)
                let checksum = try await Self.checksum(of: migration, on: db)
                let rows = try await db.query(
                    "SELECT checksum FROM \(identifier: schema).schema_migrations WHERE version = \(migration.version)")
                if let row = rows.first {
                    // Another process applied it while this one waited for the lock.
                    try Self.requireSame(migration, stored: try row.decode("checksum", as: String.self), embedded: checksum,
                                         schema: schema, file: file, line: line)
                    return false
                }
                try await db.execute("SET LOCAL search_path TO \(identifier: schema), public")
                do {
                    try await db.execute(script: migration.sql, file: file, line: line)
                } catch let error as DatabaseError {
                    throw DatabaseError(
                        .migrationFailed, reason: "migration \(migration.version) (\(migration.name)) of schema \(schema) failed: \(error.reason)",
                        sqlState: error.sqlState, server: ServerErrorFields(
                            sqlState: error.sqlState, message: error.serverMessage, detail: error.serverDetail,
                            hint: error.serverHint, schema: error.schemaName, table: error.tableName,
                            column: error.columnName, constraint: error.constraintName),
                        statement: migration.sql, file: file, line: line)
                }
                try await db.execute("""
                    INSERT INTO \(identifier: schema).schema_migrations (version, name, checksum)
                    VALUES (\(migration.version), \(migration.name), \(checksum))
                    """)
                return true
            }
            if didApply {
                newlyApplied.append(migration.version)
                logger.info("migration applied", metadata: [
                    StoreLogKey.schema: schema, StoreLogKey.migrationVersion: "\(migration.version)",
                    StoreLogKey.migrationName: migration.name, StoreLogKey.duration: "\(ContinuousClock.now - started)",
                ])
            }
        }
        return newlyApplied
    }

    /// The migrations recorded in the database, by version (creates nothing but the schema and
    /// the record table).
    public func appliedMigrations(on database: Database) async throws -> [AppliedMigration] {
        _ = try validated(file: #fileID, line: #line)
        let applied = try await database.transaction { db in
            try await lockAndPrepare(db)
            return try await appliedMigrations(db)
        }
        return applied.values.sorted { $0.version < $1.version }
    }

    private func validated(file: String, line: UInt) throws -> [Migration] {
        guard Self.isPlainIdentifier(schema) else {
            throw DatabaseError(
                .invalidMigration,
                reason: "schema name \"\(schema)\" must be lowercase letters, digits and _ (at most 63, not starting with a digit)",
                file: file, line: line)
        }
        var seen: Set<Int> = []
        for migration in migrations {
            guard migration.version > 0 else {
                throw DatabaseError(.invalidMigration, reason: "migration \"\(migration.name)\" of schema \(schema) has version \(migration.version); versions start at 1", file: file, line: line)
            }
            guard seen.insert(migration.version).inserted else {
                throw DatabaseError(.invalidMigration, reason: "schema \(schema) has two migrations with version \(migration.version)", file: file, line: line)
            }
            guard !migration.name.isEmpty, !migration.sql.allSatisfy(\.isWhitespace) else {
                throw DatabaseError(.invalidMigration, reason: "migration \(migration.version) of schema \(schema) needs a name and SQL", file: file, line: line)
            }
        }
        return migrations.sorted { $0.version < $1.version }
    }

    private func verify(
        _ ordered: [Migration], against applied: [Int: AppliedMigration], on database: Database, file: String, line: UInt
    ) async throws {
        for migration in ordered {
            guard let stored = applied[migration.version] else { continue }
            let embedded = try await Self.checksum(of: migration, on: database)
            try Self.requireSame(migration, stored: stored.checksum, embedded: embedded, schema: schema, file: file, line: line)
        }
        let known = Set(ordered.map(\.version))
        let unknown = applied.keys.filter { !known.contains($0) }.sorted()
        if !unknown.isEmpty {
            // A newer binary ran first (rolling deployment): the schema is ahead of this binary.
            database.logger.warning("the database has migrations this binary does not know", metadata: [
                StoreLogKey.schema: schema, StoreLogKey.migrationVersion: unknown.map(String.init).joined(separator: ","),
            ])
        }
    }

    private static func requireSame(
        _ migration: Migration, stored: String, embedded: String, schema: String, file: String, line: UInt
    ) throws {
        guard stored == embedded else {
            throw DatabaseError(
                .migrationChecksumMismatch,
                reason: "migration \(migration.version) (\(migration.name)) of schema \(schema) was applied with different SQL (checksum \(stored.prefix(12))…, embedded \(embedded.prefix(12))…); released migrations must not change, add a new version instead",
                file: file, line: line)
        }
    }

    /// Takes the schema's migration lock for the rest of the transaction and makes sure the
    /// schema and the record table exist.
    private func lockAndPrepare(_ db: isolated Database) async throws {
        try await db.execute("SELECT pg_advisory_xact_lock(\(Self.lockClass), hashtext(\(schema)))")
        try await db.execute("CREATE SCHEMA IF NOT EXISTS \(identifier: schema)")
        try await db.execute("""
            CREATE TABLE IF NOT EXISTS \(identifier: schema).schema_migrations (
                version    bigint      PRIMARY KEY,
                name       text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
    }

    private func appliedMigrations(_ db: isolated Database) async throws -> [Int: AppliedMigration] {
        let rows = try await db.query("SELECT version, name, checksum FROM \(identifier: schema).schema_migrations")
        var applied: [Int: AppliedMigration] = [:]
        for row in rows {
            let migration = AppliedMigration(
                version: try row.decode("version"), name: try row.decode("name"), checksum: try row.decode("checksum"))
            applied[migration.version] = migration
        }
        return applied
    }

    /// SHA-256 of the SQL text, hex, computed by the server (no hashing code needed here).
    private static func checksum(of migration: Migration, on db: isolated Database) async throws -> String {
        let rows = try await db.query("SELECT encode(sha256(convert_to(\(migration.sql), 'UTF8')), 'hex') AS checksum")
        return try rows[0].decode("checksum")
    }

    /// First key of the two-key advisory lock: "Dubn", so Duban's locks stay apart from others'.
    private static let lockClass: Int32 = 0x4475_626E

    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= 63, !(48...57).contains(first) else { return false }
        return name.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == UInt8(ascii: "_") }
    }
}
