import Foundation
import Store
import Testing

extension StoreTests {
    @Suite struct OffsetStoreTests {
        @Test func storesAndRestoresNextOffsetsPerPartition() async throws {
            let db = try await TestDatabase.connect()
            let schema = TestDatabase.uniqueSchemaName()
            try await Migrator(schema: schema, migrations: [OffsetStore.migration(version: 1, schema: schema)]).apply(on: db)
            let offsets = OffsetStore(schema: schema)

            #expect(try await offsets.storedOffsets(group: "judgment", topic: "duban.measurements", in: db).isEmpty)
            #expect(try await offsets.nextOffset(group: "judgment", topic: "duban.measurements", partition: 0, in: db) == nil)

            try await offsets.store(group: "judgment", topic: "duban.measurements", partition: 0, nextOffset: 42, in: db)
            try await offsets.store(group: "judgment", topic: "duban.measurements", partition: 3, nextOffset: 7, in: db)
            try await offsets.store(group: "judgment", topic: "duban.measurements", partition: 0, nextOffset: 43, in: db)
            // Other groups and topics are kept apart.
            try await offsets.store(group: "dispatch", topic: "duban.measurements", partition: 0, nextOffset: 1000, in: db)
            try await offsets.store(group: "judgment", topic: "duban.marks", partition: 0, nextOffset: 5, in: db)

            #expect(try await offsets.storedOffsets(group: "judgment", topic: "duban.measurements", in: db) == [0: 43, 3: 7])
            #expect(try await offsets.nextOffset(group: "judgment", topic: "duban.measurements", partition: 3, in: db) == 7)
            #expect(try await offsets.nextOffset(group: "dispatch", topic: "duban.measurements", partition: 0, in: db) == 1000)

            // A new connection (a restarted consumer) sees the same offsets.
            let restarted = try await TestDatabase.connect()
            #expect(try await offsets.storedOffsets(group: "judgment", topic: "duban.measurements", in: restarted) == [0: 43, 3: 7])
            try await db.execute("DROP SCHEMA \(identifier: schema) CASCADE")
            await restarted.close()
            await db.close()
        }

        @Test func offsetCommitsOrRollsBackWithTheStateChange() async throws {
            struct HandlerFailed: Error {}
            let db = try await TestDatabase.connect()
            let schema = TestDatabase.uniqueSchemaName()
            try await Migrator(schema: schema, migrations: [
                OffsetStore.migration(version: 1, schema: schema),
                Migration(version: 2, name: "orders", sql: "CREATE TABLE orders (id text PRIMARY KEY)"),
            ]).apply(on: db)
            let offsets = OffsetStore(schema: schema)

            try await db.transaction { db in
                try await db.execute("INSERT INTO \(identifier: schema).orders VALUES ('DB-1')")
                try await offsets.store(group: "dispatch", topic: "duban.judgments", partition: 1, nextOffset: 11, in: db)
            }
            await #expect(throws: HandlerFailed.self) {
                try await db.transaction { db in
                    try await db.execute("INSERT INTO \(identifier: schema).orders VALUES ('DB-2')")
                    try await offsets.store(group: "dispatch", topic: "duban.judgments", partition: 1, nextOffset: 12, in: db)
                    throw HandlerFailed()
                }
            }
            #expect(try await offsets.storedOffsets(group: "dispatch", topic: "duban.judgments", in: db) == [1: 11])
            let orders = try await db.query("SELECT id FROM \(identifier: schema).orders").map { try $0.decode("id", as: String.self) }
            #expect(orders == ["DB-1"])

            let negative = await #expect(throws: DatabaseError.self) {
                try await offsets.store(group: "dispatch", topic: "duban.judgments", partition: 1, nextOffset: -1, in: db)
            }
            #expect(negative?.code == .checkViolation)
            try await db.execute("DROP SCHEMA \(identifier: schema) CASCADE")
            await db.close()
        }
    }
}
