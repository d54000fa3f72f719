import Foundation
import Store
import Testing

extension StoreTests {
    /// Every bindable type goes to the server and back unchanged, NULL included.
    @Suite struct BindingTests {
        @Test func everyTypeRoundTripsThroughATable() async throws {
            try await TestDatabase.withSchema { db, schema in
                try await db.execute("""
                    CREATE TABLE \(identifier: schema).everything (
                        id serial PRIMARY KEY, t text, i8 bigint, i4 integer, i2 smallint, f8 double precision,
                        b boolean, ts timestamptz, bytes bytea, u uuid, j jsonb, n numeric)
                    """)
                let text = "督办单：二氧化硫小时均值超标 🏭 'quoted' \"double\" \\ back\nline"
                let bytes = [UInt8](0...255) + [0, 0]
                let when = Date(timeIntervalSince1970: 1_714_550_400.123456)
                let uuid = UUID()
                let json = JSONB(#"{"factor": "a21026", "值": 35.5}"#)
                let decimal = Decimal(string: "12345678901234567890.0123456789")!
                try await db.execute("""
                    INSERT INTO \(identifier: schema).everything (t, i8, i4, i2, f8, b, ts, bytes, u, j, n)
                    VALUES (\(text), \(Int64.max), \(Int32.min), \(Int16.max), \(-1.0e-300), \(true), \(when), \(bytes),
                            \(uuid), \(json), \(decimal))
                    """)
                let nothing: String? = nil
                try await db.execute("""
                    INSERT INTO \(identifier: schema).everything (t, i8, i4, i2, f8, b, ts, bytes, u, j, n)
                    VALUES (\(nothing), \(Int64?.none), \(Int32?.none), \(Int16?.none), \(Double?.none), \(Bool?.none),
                            \(Date?.none), \([UInt8]?.none), \(UUID?.none), \(JSONB?.none), \(Decimal?.none))
                    """)
                let rows = try await db.query("SELECT * FROM \(identifier: schema).everything ORDER BY id")
                #expect(rows.count == 2)
                let row = rows[0]
                #expect(try row.decode("t", as: String.self) == text)
                #expect(try row.decode("i8", as: Int64.self) == Int64.max)
                #expect(try row.decode("i4", as: Int32.self) == Int32.min)
                #expect(try row.decode("i2", as: Int16.self) == Int16.max)
                #expect(try row.decode("f8", as: Double.self) == -1.0e-300)
                #expect(try row.decode("b", as: Bool.self) == true)
                #expect(abs(try row.decode("ts", as: Date.self).timeIntervalSince(when)) < 0.000_001)
                #expect(try row.decode("bytes", as: [UInt8].self) == bytes)
                #expect(try row.decode("bytes", as: Data.self) == Data(bytes))
                #expect(try row.decode("u", as: UUID.self) == uuid)
                #expect(try row.decode("j", as: JSONB.self).decode([String: JSONValue].self) == ["factor": .text("a21026"), "值": .number(35.5)])
                #expect(try row.decode("n", as: Decimal.self) == decimal)

                let empty = rows[1]
                for column in ["t", "i8", "i4", "i2", "f8", "b", "ts", "bytes", "u", "j", "n"] {
                    #expect(try empty.isNull(column), "\(column) should be NULL")
                }
                #expect(try empty.decode("t", as: String?.self) == nil)
                #expect(try empty.decode("i8", as: Int64?.self) == nil)
                #expect(try empty.decode("ts", as: Date?.self) == nil)
                #expect(try empty.decode("bytes", as: [UInt8]?.self) == nil)
            }
        }

        @Test func parametersHaveTheirDeclaredServerTypes() async throws {
            let db = try await TestDatabase.connect()
            let rows = try await db.query("""
                SELECT pg_typeof(\("s"))::text AS s, pg_typeof(\(1))::text AS i, pg_typeof(\(Int32(1)))::text AS i4,
                       pg_typeof(\(Int16(1)))::text AS i2, pg_typeof(\(1.5))::text AS d, pg_typeof(\(false))::text AS b,
                       pg_typeof(\(Date()))::text AS ts, pg_typeof(\([UInt8]()))::text AS by, pg_typeof(\(UUID()))::text AS u,
                       pg_typeof(\(JSONB("{}")))::text AS j, pg_typeof(\(Decimal(1)))::text AS n,
                       pg_typeof(\(Int32?.none))::text AS null_i4
                """)
            let row = try #require(rows.first)
            let expected = [
                "s": "text", "i": "bigint", "i4": "integer", "i2": "smallint", "d": "double precision", "b": "boolean",
                "ts": "timestamp with time zone", "by": "bytea", "u": "uuid", "j": "jsonb", "n": "numeric", "null_i4": "integer",
            ]
            for (column, type) in expected {
                #expect(try row.decode(column, as: String.self) == type, "\(column)")
            }
            await db.close()
        }

        @Test func integerExtremesAndSpecialDoublesSurvive() async throws {
            let db = try await TestDatabase.connect()
            let row = try #require(try await db.query("""
                SELECT \(Int.min) AS min, \(Int.max) AS max, \(Double.infinity) AS inf, \(-Double.infinity) AS ninf,
                       \(Double.nan) AS nan, \(0.1) AS tenth, \(Double.leastNonzeroMagnitude) AS tiny
                """).first)
            #expect(try row.decode("min", as: Int.self) == Int.min)
            #expect(try row.decode("max", as: Int.self) == Int.max)
            #expect(try row.decode("inf", as: Double.self) == .infinity)
            #expect(try row.decode("ninf", as: Double.self) == -.infinity)
            #expect(try row.decode("nan", as: Double.self).isNaN)
            #expect(try row.decode("tenth", as: Double.self) == 0.1)
            #expect(try row.decode("tiny", as: Double.self) == .leastNonzeroMagnitude)
            await db.close()
        }

        @Test func datesRoundTripAcrossEpochsWithMicroseconds() async throws {
            let db = try await TestDatabase.connect()
            let dates = [
                Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -1_000_000_000.5),
                Date(timeIntervalSince1970: 4_102_444_800.000001), Date(timeIntervalSince1970: 1_714_550_400.999999),
            ]
            for date in dates {
                let rows = try await db.query("SELECT \(date) AS at, to_char(\(date) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS text")
                let back = try rows[0].decode("at", as: Date.self)
                #expect(abs(back.timeIntervalSince(date)) < 0.000_001, "\(date) came back as \(back)")
            }
            // A China Standard Time literal is the same instant 8 hours earlier in UTC.
            let rows = try await db.query("SELECT '2024-05-01 16:00:00+08'::timestamptz AS at, '2024-05-01'::date AS day")
            #expect(try rows[0].decode("at", as: Date.self) == Date(timeIntervalSince1970: 1_714_550_400))
            #expect(try rows[0].decode("day", as: Date.self) == Date(timeIntervalSince1970: 1_714_521_600))
            await db.close()
        }

        @Test func emptyTextAndEmptyBytesAreNotNull() async throws {
            let db = try await TestDatabase.connect()
            let row = try #require(try await db.query("SELECT \("") AS t, \([UInt8]()) AS b, \("") IS NULL AS t_null, \([UInt8]()) IS NULL AS b_null").first)
            #expect(try row.decode("t", as: String.self) == "")
            #expect(try row.decode("b", as: [UInt8].self) == [])
            #expect(try row.decode("t_null", as: Bool.self) == false)
            #expect(try row.decode("b_null", as: Bool.self) == false)
            await db.close()
        }

        @Test func sqlInjectionAttemptStaysData() async throws {
            try await TestDatabase.withSchema { db, schema in
                try await db.execute("CREATE TABLE \(identifier: schema).enterprises (name text NOT NULL)")
                let hostile = "x'); DROP TABLE \(schema).enterprises; --"
                try await db.execute("INSERT INTO \(identifier: schema).enterprises (name) VALUES (\(hostile))")
                let alsoHostile = "' OR '1'='1"
                let matches = try await db.query("SELECT name FROM \(identifier: schema).enterprises WHERE name = \(alsoHostile)")
                #expect(matches.isEmpty)
                let rows = try await db.query("SELECT name FROM \(identifier: schema).enterprises")
                #expect(try rows.map { try $0.decode("name", as: String.self) } == [hostile])
                // A hostile identifier is quoted, so it names a (missing) table instead of running SQL.
                let error = await #expect(throws: DatabaseError.self) {
                    try await db.query("SELECT * FROM \(identifier: schema).\(identifier: "enterprises\"; DROP TABLE x; --")")
                }
                #expect(error?.sqlState == .undefinedTable)
            }
        }

        @Test func textWithNULIsRefusedBeforeSending() async throws {
            let db = try await TestDatabase.connect()
            let error = await #expect(throws: DatabaseError.self) {
                try await db.query("SELECT \("a\u{0}b")")
            }
            #expect(error?.code == .invalidParameter)
            #expect(error?.reason.contains("$1") == true)
            try await db.ping()
            await db.close()
        }

        @Test func manyParametersInOneStatement() async throws {
            let db = try await TestDatabase.connect()
            var query: Query = "SELECT 0"
            for value in 1...1000 { query += " + \(value)" }
            let rows = try await db.query(query + " AS total")
            #expect(try rows[0].decode("total", as: Int.self) == 500_500)
            await db.close()
        }
    }
}
