import Foundation
import Store
import Testing

extension StoreTests {
    @Suite struct ErrorTests {
        @Test func uniqueViolationHasItsCodeAndHidesTheValue() async throws {
            try await TestDatabase.withSchema { db, schema in
                try await db.execute("CREATE TABLE \(identifier: schema).contacts (phone text CONSTRAINT contacts_phone_key UNIQUE)")
                let phone = "13800138000"
                try await db.execute("INSERT INTO \(identifier: schema).contacts VALUES (\(phone))")
                let error = await #expect(throws: DatabaseError.self) {
                    try await db.execute("INSERT INTO \(identifier: schema).contacts VALUES (\(phone))")
                }
                let failure = try #require(error)
                #expect(failure.code == .uniqueViolation)
                #expect(failure.sqlState == .uniqueViolation)
                #expect(failure.constraintName == "contacts_phone_key")
                #expect(failure.tableName == "contacts")
                #expect(!failure.isRetriable)
                #expect(failure.file.hasSuffix("ErrorTests.swift"))
                #expect(failure.description.contains("unique_violation"))
                #expect(failure.description.contains("contacts_phone_key"))
                #expect(!failure.description.contains(phone), "description must not leak bound values")
                #expect(failure.debugDescription.contains(phone), "debugDescription carries the server detail")
            }
        }

        @Test func otherServerErrorsCarryTheirSQLState() async throws {
            try await TestDatabase.withSchema { db, schema in
                try await db.execute("""
                    CREATE TABLE \(identifier: schema).parents (id int PRIMARY KEY);
                    """)
                try await db.execute("""
                    CREATE TABLE \(identifier: schema).children (
                        parent int REFERENCES \(identifier: schema).parents, v int NOT NULL CHECK (v > 0))
                    """)
                let cases: [(Query, DatabaseError.Code)] = [
                    ("INSERT INTO \(identifier: schema).children VALUES (\(99), \(1))", .foreignKeyViolation),
                    ("INSERT INTO \(identifier: schema).children VALUES (\(Int?.none), \(Int?.none))", .notNullViolation),
                    ("INSERT INTO \(identifier: schema).children VALUES (\(Int?.none), \(-1))", .checkViolation),
                    ("SELECT * FROM \(identifier: schema).missing", .queryFailed),
                    ("SELEC 1", .queryFailed),
                ]
                for (query, code) in cases {
                    let error = await #expect(throws: DatabaseError.self) { try await db.execute(query) }
                    #expect(error?.code == code, "\(query)")
                    #expect(error?.sqlState != nil)
                }
                let syntax = await #expect(throws: DatabaseError.self) { try await db.execute("SELEC 1") }
                #expect(syntax?.sqlState == .syntaxError)
            }
        }

        @Test func decodeErrorsNameTheColumnAndTypes() async throws {
            let db = try await TestDatabase.connect()
            let row = try #require(try await db.query("SELECT 'abc'::text AS label, NULL::int AS nothing, 5::int8 AS count").first)
            #expect(row.columnNames == ["label", "nothing", "count"])

            let missing = #expect(throws: DatabaseError.self) { try row.decode("lable", as: String.self) }
            #expect(missing?.code == .decodeFailed)
            #expect(missing?.reason.contains("\"lable\"") == true)
            #expect(missing?.reason.contains("label, nothing, count") == true)

            let null = #expect(throws: DatabaseError.self) { try row.decode("nothing", as: Int.self) }
            #expect(null?.code == .decodeFailed)
            #expect(null?.reason.contains("\"nothing\" is NULL") == true)
            #expect(try row.decode("nothing", as: Int?.self) == nil)

            let wrongType = #expect(throws: DatabaseError.self) { try row.decode("label", as: Int.self) }
            #expect(wrongType?.reason.contains("\"label\" (text)") == true)
            #expect(wrongType?.reason.contains("Int") == true)

            let notBool = #expect(throws: DatabaseError.self) { try row.decode("count", as: Bool.self) }
            #expect(notBool?.reason.contains("\"count\" (int8)") == true)

            let overflow = try #require(try await db.query("SELECT 40000::int4 AS big").first)
            let tooBig = #expect(throws: DatabaseError.self) { try overflow.decode("big", as: Int16.self) }
            #expect(tooBig?.reason.contains("does not fit") == true)
            #expect(try overflow.decode("big", as: Int32.self) == 40000)
            await db.close()
        }

        @Test func sumOfBigintDecodesAsInteger() async throws {
            let db = try await TestDatabase.connect()
            let row = try #require(try await db.query("SELECT sum(x) AS total, 2.5::numeric AS half FROM (VALUES (1::int8), (2::int8)) v(x)").first)
            #expect(try row.decode("total", as: Int.self) == 3)
            let fractional = #expect(throws: DatabaseError.self) { try row.decode("half", as: Int.self) }
            #expect(fractional?.reason.contains("whole number") == true)
            #expect(try row.decode("half", as: Double.self) == 2.5)
            await db.close()
        }

        @Test func copyIsRefusedAndTheConnectionStaysUsable() async throws {
            try await TestDatabase.withSchema { db, schema in
                try await db.execute("CREATE TABLE \(identifier: schema).items (id int)")
                for statement: Query in ["COPY (SELECT 1) TO STDOUT", "COPY \(identifier: schema).items FROM STDIN"] {
                    let error = await #expect(throws: DatabaseError.self) { try await db.execute(statement) }
                    #expect(error?.code == .queryFailed)
                    #expect(error?.debugDescription.contains("COPY is not supported") == true)
                    try await db.ping()
                }
                #expect(try await db.query("SELECT count(*) AS n FROM \(identifier: schema).items")[0].decode("n", as: Int.self) == 0)
            }
        }

        @Test func badURLIsAConfigurationError() async throws {
            let configuration = DatabaseConfiguration(url: "postgresql://[::1", applicationName: "t")
            let error = await #expect(throws: DatabaseError.self) {
                try await Database.connect(configuration, logger: TestDatabase.logger)
            }
            #expect(error?.code == .invalidConfiguration)
        }

        @Test func unreachableServerFailsAfterTheConfiguredAttempts() async throws {
            // Port 1 on loopback: nothing listens there, so every attempt is refused at once.
            let configuration = DatabaseConfiguration(
                url: "postgresql://postgres@127.0.0.1:1/duban", applicationName: "t", connectTimeout: .seconds(2),
                reconnect: .init(maxAttempts: 3, initialDelay: .milliseconds(50), maxDelay: .milliseconds(100)))
            let started = ContinuousClock.now
            let error = await #expect(throws: DatabaseError.self) {
                try await Database.connect(configuration, logger: TestDatabase.logger)
            }
            #expect(error?.code == .connectionFailed)
            #expect(error?.isRetriable == true)
            #expect(error?.reason.contains("3 attempt") == true)
            #expect(ContinuousClock.now - started < .seconds(3))
        }
    }
}
