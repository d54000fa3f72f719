import Foundation
import Runtime
import Store
import Testing

extension StoreTests {
    @Suite struct ConnectionTests {
        private static func backendPID(_ db: Database) async throws -> Int32 {
            try await db.query("SELECT pg_backend_pid() AS pid")[0].decode("pid")
        }

        /// Ends `pid`'s session from another connection and waits until it is gone.
        private static func terminate(_ pid: Int32) async throws {
            let admin = try await TestDatabase.connect(applicationName: "duban-store-tests-admin")
            #expect(try await admin.query("SELECT pg_terminate_backend(\(pid)) AS ok")[0].decode("ok", as: Bool.self))
            for _ in 0..<100 {
                let alive = try await admin.query("SELECT 1 FROM pg_stat_activity WHERE pid = \(pid)")
                if alive.isEmpty { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            await admin.close()
        }

        @Test func cancellingTheTaskCancelsTheRunningStatement() async throws {
            let db = try await TestDatabase.connect()
            let started = ContinuousClock.now
            let sleeper = Task { try await db.query("SELECT pg_sleep(10)") }
            try await Task.sleep(for: .milliseconds(300))
            sleeper.cancel()
            let result = await sleeper.result
            let elapsed = ContinuousClock.now - started
            #expect(throws: CancellationError.self) { try result.get() }
            #expect(elapsed < .seconds(3), "cancellation took \(elapsed)")
            // The same connection keeps working, and no stray cancel hits the next statement.
            #expect(try await db.query("SELECT pg_sleep(0.3), 1 AS one")[0].decode("one", as: Int.self) == 1)
            await db.close()
        }

        @Test func alreadyCancelledTaskDoesNotSend() async throws {
            let db = try await TestDatabase.connect()
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await db.query("SELECT 1")
            }
            await #expect(throws: CancellationError.self) { try await task.value }
            try await db.ping()
            await db.close()
        }

        @Test func cancellingInsideATransactionRollsItBack() async throws {
            try await TestDatabase.withSchema { db, schema in
                try await db.execute("CREATE TABLE \(identifier: schema).items (id int)")
                let task = Task {
                    try await db.transaction { db in
                        try await db.execute("INSERT INTO \(identifier: schema).items VALUES (1)")
                        try await db.execute("SELECT pg_sleep(10)")
                    }
                }
                try await Task.sleep(for: .milliseconds(300))
                task.cancel()
                await #expect(throws: CancellationError.self) { try await task.value }
                #expect(try await db.query("SELECT count(*) AS n FROM \(identifier: schema).items")[0].decode("n", as: Int.self) == 0)
            }
        }

        @Test func serverStatementTimeoutIsQueryCancelled() async throws {
            let db = try await TestDatabase.connect(statementTimeout: .milliseconds(200))
            let error = await #expect(throws: DatabaseError.self) { try await db.query("SELECT pg_sleep(5)") }
            #expect(error?.code == .queryCancelled)
            #expect(error?.sqlState == .queryCanceled)
            try await db.ping()
            await db.close()
        }

        @Test func reconnectsAfterTheServerEndsTheSession() async throws {
            let application = "duban-store-tests-\(UUID().uuidString.prefix(8))"
            let db = try await TestDatabase.connect(applicationName: application)
            let before = try await Self.backendPID(db)
            try await Self.terminate(before)
            // The next statement runs on a new session, without an error reaching the caller.
            let after = try await Self.backendPID(db)
            #expect(after != before)
            try await db.ping()
            let labels = ["application": application]
            #expect(MetricsRegistry.shared.counter("duban_store_connects_total", help: "", labels: labels).value == 2)
            #expect(MetricsRegistry.shared.counter("duban_store_connections_lost_total", help: "", labels: labels).value == 1)
            await db.close()
        }

        @Test func terminatedDuringAStatementIsRetriedOutsideATransaction() async throws {
            let db = try await TestDatabase.connect()
            let pid = try await Self.backendPID(db)
            async let answer = db.query("SELECT pg_sleep(1), pg_backend_pid() AS pid")
            try await Task.sleep(for: .milliseconds(300))
            try await Self.terminate(pid)
            let rows = try await answer
            #expect(try rows[0].decode("pid", as: Int32.self) != pid)
            await db.close()
        }

        @Test func connectionLostInsideATransactionIsReportedNotRetried() async throws {
            try await TestDatabase.withSchema { db, schema in
                try await db.execute("CREATE TABLE \(identifier: schema).items (id int)")
                let error = await #expect(throws: DatabaseError.self) {
                    try await db.transaction { db in
                        try await db.execute("INSERT INTO \(identifier: schema).items VALUES (1)")
                        try await Self.terminate(try await Self.backendPID(db))
                        try await db.execute("INSERT INTO \(identifier: schema).items VALUES (2)")
                    }
                }
                #expect(error?.code == .connectionLost)
                #expect(error?.isRetriable == true)
                // After the transaction the database reconnects; nothing of it was committed.
                #expect(try await db.query("SELECT count(*) AS n FROM \(identifier: schema).items")[0].decode("n", as: Int.self) == 0)
            }
        }

        @Test func closedDatabaseRefusesWork() async throws {
            let db = try await TestDatabase.connect()
            await db.close()
            let error = await #expect(throws: DatabaseError.self) { try await db.ping() }
            #expect(error?.code == .connectionClosed)
        }

        @Test func applicationNameIsSet() async throws {
            let db = try await TestDatabase.connect(applicationName: "duban-judgment-test")
            let rows = try await db.query("SELECT current_setting('application_name') AS app, current_setting('TimeZone') AS tz")
            #expect(try rows[0].decode("app", as: String.self) == "duban-judgment-test")
            #expect(try rows[0].decode("tz", as: String.self) == "UTC")
            await db.close()
        }

        @Test func concurrentCallersShareOneConnectionSafely() async throws {
            let db = try await TestDatabase.connect()
            let sums = try await withThrowingTaskGroup(of: Int.self) { group in
                for value in 0..<200 {
                    group.addTask { try await db.query("SELECT \(value) * 2 AS doubled")[0].decode("doubled") }
                }
                return try await group.reduce(0, +)
            }
            #expect(sums == (0..<200).reduce(0) { $0 + $1 * 2 })
            await db.close()
        }
    }
}
