import Foundation
import Store
import Testing

/// How interpolation turns into SQL text and parameters (no server needed).
@Suite struct QueryTests {
    @Test func interpolatedValuesBecomeNumberedParameters() {
        let mn = "88888880000001"
        let since = Date(timeIntervalSince1970: 1_700_000_000)
        let query: Query = "SELECT id FROM t WHERE mn = \(mn) AND at > \(since) AND n = \(7)"
        #expect(query.sql == "SELECT id FROM t WHERE mn = $1 AND at > $2 AND n = $3")
        #expect(query.parameters.map(\.type) == [.text, .timestamptz, .int8])
        #expect(query.parameters.allSatisfy { !$0.isNull })
    }

    @Test func literalWithoutInterpolationHasNoParameters() {
        let query: Query = "SELECT 1"
        #expect(query.sql == "SELECT 1")
        #expect(query.parameters.isEmpty)
    }

    @Test func quotesInValuesNeverReachTheSQLText() {
        let hostile = "x'); DROP TABLE orders; --"
        let query: Query = "INSERT INTO t (name) VALUES (\(hostile))"
        #expect(query.sql == "INSERT INTO t (name) VALUES ($1)")
        #expect(!query.sql.contains("DROP"))
    }

    @Test func nilOptionalsBindAsTypedNull() {
        let missing: Int32? = nil
        let present: String? = "有"
        let query: Query = "SELECT \(missing), \(present)"
        #expect(query.parameters[0].isNull)
        #expect(query.parameters[0].type == .int4)
        #expect(!query.parameters[1].isNull)
        #expect(query.parameters[1].type == .text)
    }

    @Test func fragmentsKeepTheirParametersAndAreRenumbered() {
        let factor = "a21026"
        var query: Query = "SELECT * FROM readings WHERE mn = \("MN1")"
        query += " AND factor = \(factor)"
        let clause: Query = " AND value > \(3.5)"
        let full: Query = "\(query)\(clause) LIMIT \(10)"
        #expect(full.sql == "SELECT * FROM readings WHERE mn = $1 AND factor = $2 AND value > $3 LIMIT $4")
        #expect(full.parameters.map(\.type) == [.text, .text, .float8, .int8])
    }

    @Test func identifiersAreQuotedWithEmbeddedQuotesDoubled() {
        let query: Query = "SELECT * FROM \(identifier: "dispatch").\(identifier: #"od"d"#)"
        #expect(query.sql == #"SELECT * FROM "dispatch"."od""d""#)
        #expect(query.parameters.isEmpty)
    }

    @Test func unsafeRawIsInsertedVerbatim() {
        let query: Query = "SELECT * FROM \(unsafeRaw: "judgment.readings") WHERE mn = \("M")"
        #expect(query.sql == "SELECT * FROM judgment.readings WHERE mn = $1")
    }

    @Test func descriptionHidesValuesAndDebugDescriptionShowsThem() {
        let phone = "13800138000"
        let query: Query = "UPDATE contacts SET phone = \(phone)"
        #expect(query.description == "UPDATE contacts SET phone = $1")
        #expect(!query.description.contains(phone))
        #expect(query.debugDescription.contains(phone))
    }

    @Test func specialDoublesUsePostgreSQLSpelling() {
        let query: Query = "SELECT \(Double.nan), \(Double.infinity), \(-Double.infinity)"
        #expect(query.debugDescription.contains("'NaN'"))
        #expect(query.debugDescription.contains("'Infinity'"))
        #expect(query.debugDescription.contains("'-Infinity'"))
    }

    @Test func bytesBindAsBinaryBytea() {
        let query: Query = "SELECT \([UInt8]([0, 1, 255]))"
        #expect(query.parameters[0].type == .bytea)
        #expect(query.parameters[0].debugDescription == "3 bytes::bytea")
    }
}
