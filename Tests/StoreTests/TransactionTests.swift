import Foundation
import Store
import Testing

extension StoreTests {
    @Suite struct TransactionTests {
        private static func count(_ db: Database, _ schema: String) async throws -> Int {
            try await db.query("SELECT count(*) AS n FROM \(identifier: schema).items")[0].decode("n")
        }

        private static func createItems(_ db: Database, _ schema: String) async throws {
            try await db.execute("CREATE TABLE \(identifier: schema).items (id text PRIMARY KEY)")
        }

        @Test func committedWorkIsVisibleToAnotherConnection() async throws {
            try await TestDatabase.withSchema { db, schema in
                try await Self.createItems(db, schema)
                let other = try await TestDatabase.connect()
                let returned = try await db.transaction { db in
                    try await db.execute("INSERT INTO \(identifier: schema).items VALUES ('a'), ('b')")
                    // Not visible outside before COMMIT.
                    #expect(try await Self.count(other, schema) == 0)
                    return "done"
                }
                #expect(returned == "done")
                #expect(try await Self.count(other, schema) == 2)
                await other.close()
            }
        }

        @Test func thrownErrorRollsBackAndIsRethrown() async throws {
            struct Abandon: Error {}
            try await TestDatabase.withSchema { db, schema in
                try await Self.createItems(db, schema)
                await #expect(throws: Abandon.self) {
                    try await db.transaction { db in
                        try await db.execute("INSERT INTO \(identifier: schema).items VALUES ('a')")
                        throw Abandon()
                    }
                }
                #expect(try await Self.count(db, schema) == 0)
            }
        }

        @Test func statementErrorMidTransactionRollsBackEarlierWork() async throws {
            try await TestDatabase.withSchema { db, schema in
                try await Self.createItems(db, schema)
                try await db.execute("INSERT INTO \(identifier: schema).items VALUES ('existing')")
                let error = await #expect(throws: DatabaseError.self) {
                    try await db.transaction { db in
                        try await db.execute("INSERT INTO \(identifier: schema).items VALUES ('new')")
                        try await db.execute("INSERT INTO \(identifier: schema).items VALUES ('existing')")
                    }
                }
                #expect(error?.code == .uniqueViolation)
                let ids = try await db.query("SELECT id FROM \(identifier: schema).items").map { try $0.decode("id", as: String.self) }
                #expect(ids == ["existing"])
                // The connection is usable again (not left in an aborted transaction).
                #expect(try await Self.count(db, schema) == 1)
            }
        }

        @Test func caughtErrorInsideTheBodyStillPreventsCommit() async throws {
            try await TestDatabase.withSchema { db, schema in
                try await Self.createItems(db, schema)
                let error = await #expect(throws: DatabaseError.self) {
                    try await db.transaction { db in
                        try await db.execute("INSERT INTO \(identifier: schema).items VALUES ('a')")
                        _ = try? await db.execute("SELECT 1/0")
                    }
                }
                #expect(error?.code == .transactionFailed)
                #expect(try await Self.count(db, schema) == 0)
            }
        }

        @Test func nestedTransactionIsAnError() async throws {
            try await TestDatabase.withSchema { db, schema in
                try await Self.createItems(db, schema)
                let error = await #expect(throws: DatabaseError.self) {
                    try await db.transaction { db in
                        try await db.execute("INSERT INTO \(identifier: schema).items VALUES ('outer')")
                        try await db.transaction { _ in }
                    }
                }
                #expect(error?.code == .transactionFailed)
                #expect(try await Self.count(db, schema) == 0)
            }
        }

        @Test func otherTasksWaitForTheTransactionInsteadOfJoiningIt() async throws {
            struct Abandon: Error {}
            try await TestDatabase.withSchema { db, schema in
                try await Self.createItems(db, schema)
                let (insideStarted, started) = AsyncStream.makeStream(of: Void.self)
                async let rolledBack: Void = {
                    do {
                        try await db.transaction { db in
                            try await db.execute("INSERT INTO \(identifier: schema).items VALUES ('in-transaction')")
                            started.yield()
                            // Give the other task time to try its statement while we are open.
                            try await Task.sleep(for: .milliseconds(300))
                            throw Abandon()
                        }
                    } catch is Abandon {}
                }()
                var iterator = insideStarted.makeAsyncIterator()
                await iterator.next()
                // Sent while the transaction is open: must not become part of it.
                try await db.execute("INSERT INTO \(identifier: schema).items VALUES ('outside')")
                try await rolledBack
                let ids = try await db.query("SELECT id FROM \(identifier: schema).items").map { try $0.decode("id", as: String.self) }
                #expect(ids == ["outside"])
            }
        }

        @Test func isolationLevelAndReadOnlyAreApplied() async throws {
            let db = try await TestDatabase.connect()
            let level = try await db.transaction(isolation: .serializable, readOnly: true) { db in
                let row = try await db.query("SELECT current_setting('transaction_isolation') AS level, current_setting('transaction_read_only') AS ro")[0]
                return "\(try row.decode("level", as: String.self))/\(try row.decode("ro", as: String.self))"
            }
            #expect(level == "serializable/on")
            let error = await #expect(throws: DatabaseError.self) {
                try await db.transaction(readOnly: true) { db in
                    try await db.execute("CREATE TEMP TABLE forbidden (x int)")
                }
            }
            #expect(error?.sqlState == SQLState(rawValue: "25006"))
            await db.close()
        }
    }
}
