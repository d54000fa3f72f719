import Foundation
import Store
import Testing

extension StoreTests {
    @Suite struct SmokeTests {
        @Test func roundTripsAValue() async throws {
            try await TestDatabase.withSchema { db, schema in
                try await db.ping()
                let rows = try await db.query("SELECT \("督办") AS text, \(42) AS number, \(Date(timeIntervalSince1970: 0)) AS at")
                #expect(try rows[0].decode("text", as: String.self) == "督办")
                #expect(try rows[0].decode("number", as: Int.self) == 42)
                #expect(try rows[0].decode("at", as: Date.self) == Date(timeIntervalSince1970: 0))
            }
        }
    }
}
