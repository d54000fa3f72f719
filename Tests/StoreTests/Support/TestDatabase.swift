import Foundation
import Runtime
import Store
import Testing

/// Connections and unique schemas for one test.
enum TestDatabase {
    static let logger = Logger(label: "duban.store.tests", level: .warning)

    static func configuration(
        applicationName: String = "duban-store-tests", reconnect: DatabaseConfiguration.ReconnectPolicy = .init(maxAttempts: 3),
        statementTimeout: Duration? = nil
    ) throws -> DatabaseConfiguration {
        let url = try #require(PostgresCluster.url, "tests must run inside the .postgresCluster suite")
        return DatabaseConfiguration(url: url, applicationName: applicationName, connectTimeout: .seconds(5),
                                     reconnect: reconnect, statementTimeout: statementTimeout)
    }

    static func connect(applicationName: String = "duban-store-tests", statementTimeout: Duration? = nil) async throws -> Database {
        try await Database.connect(try configuration(applicationName: applicationName, statementTimeout: statementTimeout), logger: logger)
    }

    /// A fresh schema name, unique per test, e.g. `t_3f2a9c1e0b7d`.
    static func uniqueSchemaName() -> String {
        "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
    }

    /// Runs `body` with a connection and a new empty schema, dropped afterwards.
    static func withSchema<Result>(
        _ body: (Database, String) async throws -> Result
    ) async throws -> Result {
        let database = try await connect()
        let schema = uniqueSchemaName()
        try await database.execute("CREATE SCHEMA \(identifier: schema)")
        do {
            let result = try await body(database, schema)
            try await database.execute("DROP SCHEMA \(identifier: schema) CASCADE")
            await database.close()
            return result
        } catch {
            _ = try? await database.execute("DROP SCHEMA \(identifier: schema) CASCADE")
            await database.close()
            throw error
        }
    }
}
