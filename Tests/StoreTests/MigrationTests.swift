import Foundation
import Store
import Testing

extension StoreTests {
    @Suite struct MigrationTests {
        /// Version 2 inserts a row, so a migration applied twice shows up as a second row (or a
        /// failed CREATE TABLE for version 1).
        private static func migrations(schema: String) -> [Migration] {
            [
                Migration(version: 1, name: "create outlets", sql: """
                    CREATE TABLE outlets (id text PRIMARY KEY, name text NOT NULL);
                    CREATE INDEX outlets_name ON outlets (name);
                    """),
                Migration(version: 2, name: "seed one outlet", sql: "INSERT INTO \(schema).outlets VALUES ('DA001', '1号排口');"),
            ]
        }

        private static func outletCount(_ db: Database, _ schema: String) async throws -> Int {
            try await db.query("SELECT count(*) AS n FROM \(identifier: schema).outlets")[0].decode("n")
        }

        @Test func appliesPendingMigrationsOnceAndRecordsThem() async throws {
            let db = try await TestDatabase.connect()
            let schema = TestDatabase.uniqueSchemaName()
            let migrator = Migrator(schema: schema, migrations: Self.migrations(schema: schema))
            #expect(try await migrator.apply(on: db) == [1, 2])
            #expect(try await migrator.apply(on: db) == [])
            #expect(try await Self.outletCount(db, schema) == 1)

            let applied = try await migrator.appliedMigrations(on: db)
            #expect(applied.map(\.version) == [1, 2])
            #expect(applied.map(\.name) == ["create outlets", "seed one outlet"])
            #expect(applied.allSatisfy { $0.checksum.count == 64 })

            // A later release adds version 3: only it runs.
            let extended = Migrator(schema: schema, migrations: Self.migrations(schema: schema) + [
                Migration(version: 3, name: "add district", sql: "ALTER TABLE outlets ADD COLUMN district text"),
            ])
            #expect(try await extended.apply(on: db) == [3])
            try await db.execute("DROP SCHEMA \(identifier: schema) CASCADE")
            await db.close()
        }

        @Test func concurrentMigratorsApplyEachMigrationExactlyOnce() async throws {
            let schema = TestDatabase.uniqueSchemaName()
            let migrator = Migrator(schema: schema, migrations: Self.migrations(schema: schema))
            let connections = try await [TestDatabase.connect(), TestDatabase.connect(), TestDatabase.connect()]
            let results = try await withThrowingTaskGroup(of: [Int].self) { group in
                for db in connections {
                    group.addTask { try await migrator.apply(on: db) }
                }
                return try await group.reduce(into: [[Int]]()) { $0.append($1) }
            }
            // Between them the three processes applied 1 and 2 exactly once.
            #expect(results.flatMap { $0 }.sorted() == [1, 2])
            #expect(try await Self.outletCount(connections[0], schema) == 1)
            try await connections[0].execute("DROP SCHEMA \(identifier: schema) CASCADE")
            for db in connections { await db.close() }
        }

        @Test func changedMigrationIsRefusedNamingItsVersion() async throws {
            let db = try await TestDatabase.connect()
            let schema = TestDatabase.uniqueSchemaName()
            try await Migrator(schema: schema, migrations: Self.migrations(schema: schema)).apply(on: db)
            var edited = Self.migrations(schema: schema)
            edited[1] = Migration(version: 2, name: "seed one outlet", sql: "INSERT INTO \(schema).outlets VALUES ('DA002', '2号排口');")
            let error = await #expect(throws: DatabaseError.self) {
                try await Migrator(schema: schema, migrations: edited).apply(on: db)
            }
            #expect(error?.code == .migrationChecksumMismatch)
            #expect(error?.reason.contains("migration 2 (seed one outlet)") == true)
            #expect(try await Self.outletCount(db, schema) == 1)
            try await db.execute("DROP SCHEMA \(identifier: schema) CASCADE")
            await db.close()
        }

        @Test func failingMigrationRollsBackAndStopsLaterOnes() async throws {
            let db = try await TestDatabase.connect()
            let schema = TestDatabase.uniqueSchemaName()
            let migrator = Migrator(schema: schema, migrations: [
                Migration(version: 1, name: "good", sql: "CREATE TABLE a (x int)"),
                Migration(version: 2, name: "half bad", sql: "CREATE TABLE b (x int); CREATE TABLE a (x int);"),
                Migration(version: 3, name: "never reached", sql: "CREATE TABLE c (x int)"),
            ])
            let error = await #expect(throws: DatabaseError.self) { try await migrator.apply(on: db) }
            #expect(error?.code == .migrationFailed)
            #expect(error?.sqlState == SQLState(rawValue: "42P07"))
            #expect(error?.reason.contains("migration 2 (half bad)") == true)
            let tables = try await db.query("""
                SELECT table_name FROM information_schema.tables WHERE table_schema = \(schema) ORDER BY table_name
                """).map { try $0.decode("table_name", as: String.self) }
            #expect(tables == ["a", "schema_migrations"])
            #expect(try await migrator.appliedMigrations(on: db).map(\.version) == [1])
            try await db.execute("DROP SCHEMA \(identifier: schema) CASCADE")
            await db.close()
        }

        @Test func inconsistentMigrationListsAreRefusedBeforeTouchingTheDatabase() async throws {
            let db = try await TestDatabase.connect()
            let cases: [(Migrator, String)] = [
                (Migrator(schema: "dup_test", migrations: [
                    Migration(version: 1, name: "a", sql: "SELECT 1"), Migration(version: 1, name: "b", sql: "SELECT 1"),
                ]), "two migrations with version 1"),
                (Migrator(schema: "zero_test", migrations: [Migration(version: 0, name: "a", sql: "SELECT 1")]), "version 0"),
                (Migrator(schema: "Bad-Name", migrations: []), "schema name"),
                (Migrator(schema: "empty_test", migrations: [Migration(version: 1, name: "a", sql: "  ")]), "needs a name and SQL"),
            ]
            for (migrator, expected) in cases {
                let error = await #expect(throws: DatabaseError.self) { try await migrator.apply(on: db) }
                #expect(error?.code == .invalidMigration)
                #expect(error?.reason.contains(expected) == true, "\(error?.reason ?? "")")
            }
            let created = try await db.query("SELECT nspname FROM pg_namespace WHERE nspname IN ('dup_test', 'zero_test', 'empty_test')")
            #expect(created.isEmpty)
            await db.close()
        }
    }
}
