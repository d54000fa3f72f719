import Foundation
public import Store
import Domain

/// Writes registry files and the rule catalogue into the `registry` schema: everything in one
/// transaction, after every reference has been checked, so an import either applies completely or
/// not at all. A version identical to the stored one is left alone (importing the same files
/// twice changes nothing); a different one is a correction, kept in `registry.changes` with the
/// document it replaced.
public struct RegistryImporter: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// Imports `registry` documents (each with the file it came from) and, when given, the rule
    /// catalogue (which replaces the stored one: catalogue records the files no longer have are
    /// removed, and the removal is logged). `source` is recorded with the import.
    public func importAll(registry: [(file: String, document: RegistryDocument)], catalogue: RuleCatalogue?,
                          source: String) async throws -> ImportSummary {
        try await database.transaction { db in
            // One import at a time: the reference check must see what the other import wrote.
            try await db.execute("SELECT pg_advisory_xact_lock(hashtext('duban.registry.import'))")
            var known = try await Self.storedReferences(db)
            for (_, document) in registry { known.add(document) }
            let problems = registry.flatMap { $0.document.referenceProblems(file: $0.file, known: known) }
            guard problems.isEmpty else { throw ImportError(problems: problems) }

            let importId: Int64 = try await db.query(
                "INSERT INTO registry.imports (source) VALUES (\(source)) RETURNING id")[0].decode("id")
            var changes: [String: Int] = [:]
            var read = 0
            for (_, document) in registry {
                read += document.recordCount
                try await Self.write(document.jurisdictions, importId: importId, into: &changes, db)
                try await Self.write(document.enterprises, importId: importId, into: &changes, db)
                try await Self.write(document.units, importId: importId, into: &changes, db)
                try await Self.write(document.outlets, importId: importId, into: &changes, db)
                try await Self.write(document.points, importId: importId, into: &changes, db)
                try await Self.write(document.parameters, importId: importId, into: &changes, db)
                try await Self.write(document.permits, importId: importId, into: &changes, db)
                try await Self.write(document.contacts, importId: importId, into: &changes, db)
            }
            if !registry.isEmpty {
                for kind in RegistryKind.allCases { try await Self.closeVersions(of: kind, db) }
            }
            if let catalogue {
                let tables = CatalogueTables(catalogue)
                for (table, records) in tables.records {
                    read += records.count
                    changes[table, default: 0] += try await Self.replaceCatalogue(table: table, records: records, importId: importId, db)
                }
            }
            let total = changes.values.reduce(0, +)
            if total == 0 {
                try await db.execute("DELETE FROM registry.imports WHERE id = \(importId)")
                return ImportSummary(importId: nil, changesByTable: changes, recordsRead: read)
            }
            try await db.execute("UPDATE registry.imports SET changes = \(total) WHERE id = \(importId)")
            return ImportSummary(importId: importId, changesByTable: changes, recordsRead: read)
        }
    }

    /// Inserts new versions and corrects changed ones, logging each change in the same statement.
    private static func write<R: RegistryRecord>(
        _ versions: [Versioned<R>], importId: Int64, into changes: inout [String: Int], _ db: isolated Database
    ) async throws {
        let table = R.registryKind.rawValue
        for version in versions {
            let doc = JSONB(version.json.canonicalText)
            let id = version.record.recordId
            changes[table, default: 0] += try await db.execute("""
                WITH old AS (
                    SELECT doc FROM registry.\(identifier: table) WHERE id = \(id) AND valid_from = \(version.validFrom)
                ), written AS (
                    INSERT INTO registry.\(identifier: table) AS t (id, valid_from, declared_to, doc, import_id)
                    VALUES (\(id), \(version.validFrom), \(version.validTo), \(doc), \(importId))
                    ON CONFLICT (id, valid_from) DO UPDATE
                        SET declared_to = EXCLUDED.declared_to, doc = EXCLUDED.doc, import_id = EXCLUDED.import_id,
                            recorded_at = now()
                        WHERE t.doc IS DISTINCT FROM EXCLUDED.doc
                    RETURNING t.id
                )
                INSERT INTO registry.changes (import_id, kind, id, valid_from, old_doc, new_doc)
                SELECT \(importId), \(table), \(id), \(version.validFrom), (SELECT doc FROM old), \(doc) FROM written
                """)
        }
    }

    /// Sets each version's end: the next version's start or the declared end, whichever is first.
    private static func closeVersions(of kind: RegistryKind, _ db: isolated Database) async throws {
        try await db.execute("""
            UPDATE registry.\(identifier: kind.rawValue) AS t SET valid_to = n.valid_to
            FROM (
                SELECT id, valid_from,
                       LEAST(declared_to, lead(valid_from) OVER (PARTITION BY id ORDER BY valid_from)) AS valid_to
                FROM registry.\(identifier: kind.rawValue)
            ) AS n
            WHERE t.id = n.id AND t.valid_from = n.valid_from AND t.valid_to IS DISTINCT FROM n.valid_to
            """)
    }

    /// Makes a catalogue table hold exactly `records`; returns the number of changes logged.
    private static func replaceCatalogue(
        table: String, records: [(id: String, doc: JSONValue)], importId: Int64, _ db: isolated Database
    ) async throws -> Int {
        var count = 0
        for (id, value) in records {
            let doc = JSONB(value.canonicalText)
            count += try await db.execute("""
                WITH old AS (
                    SELECT doc FROM registry.\(identifier: table) WHERE id = \(id)
                ), written AS (
                    INSERT INTO registry.\(identifier: table) AS t (id, doc, import_id) VALUES (\(id), \(doc), \(importId))
                    ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc, import_id = EXCLUDED.import_id, recorded_at = now()
                        WHERE t.doc IS DISTINCT FROM EXCLUDED.doc
                    RETURNING t.id
                )
                INSERT INTO registry.changes (import_id, kind, id, old_doc, new_doc)
                SELECT \(importId), \(table), \(id), (SELECT doc FROM old), \(doc) FROM written
                """)
        }
        let kept = JSONB(JSONValue.array(records.map { .string($0.id) }).canonicalText)
        count += try await db.execute("""
            WITH gone AS (
                DELETE FROM registry.\(identifier: table)
                WHERE id NOT IN (SELECT jsonb_array_elements_text(\(kept)))
                RETURNING id, doc
            )
            INSERT INTO registry.changes (import_id, kind, id, old_doc) SELECT \(importId), \(table), id, doc FROM gone
            """)
        return count
    }

    /// The identities already stored, latest version first wins (the file's are added on top).
    private static func storedReferences(_ db: isolated Database) async throws -> RegistryReferences {
        var known = RegistryReferences()
        for row in try await db.query("SELECT DISTINCT ON (id) id, level FROM registry.jurisdictions ORDER BY id, valid_from DESC") {
            if let level = Jurisdiction.Level(rawValue: try row.decode("level")) {
                known.jurisdictionLevels[try row.decode("id")] = level
            }
        }
        for row in try await db.query("SELECT DISTINCT id FROM registry.enterprises") {
            known.enterprises.insert(try row.decode("id"))
        }
        for row in try await db.query("SELECT DISTINCT ON (id) id, enterprise_id FROM registry.units ORDER BY id, valid_from DESC") {
            known.unitEnterprise[try row.decode("id")] = try row.decode("enterprise_id")
        }
        for row in try await db.query("SELECT DISTINCT ON (id) id, enterprise_id FROM registry.outlets ORDER BY id, valid_from DESC") {
            known.outletEnterprise[try row.decode("id")] = try row.decode("enterprise_id")
        }
        for row in try await db.query("SELECT DISTINCT ON (id) id, mn FROM registry.points ORDER BY id, valid_from DESC") {
            let id: String = try row.decode("id")
            known.points.insert(id)
            known.mnOfPoint[id] = try row.decode("mn")
        }
        return known
    }
}
