public import Store

/// The PostgreSQL schema `registry`: the registry's record versions and the rule catalogues, as
/// migrations every service applies at start (`try await RegistrySchema.migrator.apply(on: db)`).
/// The Migrator serialises concurrent starts with an advisory lock, so many services can apply
/// it at once.
///
/// Every registry table holds versions: `(id, valid_from)` is the key, `valid_to` the end of the
/// version (the next version's start or the end the data declares, whichever is first), `doc` the
/// version exactly as in the data file (canonical JSON), and the columns queries filter on are
/// generated from `doc`, so there is one source of truth per version. Catalogue tables hold one
/// row per catalogue id with its legal effective dates inside `doc`. Every change an import makes
/// (insert, correction, removal) is kept in `registry.changes` with the old and new document.
public enum RegistrySchema {
    public static let name = "registry"

    public static let migrator = Migrator(schema: name, migrations: [
        Migration(version: 1, name: "registry records, rule catalogues, change log", sql: version1),
    ])

    /// Tables of versioned registry records and the columns generated from their documents.
    static let versionedTables: [(table: String, columns: String, indexes: [String])] = [
        ("jurisdictions", """
            level text GENERATED ALWAYS AS (doc->>'level') STORED,
            name text GENERATED ALWAYS AS (doc->>'name') STORED,
            parent_code text GENERATED ALWAYS AS (doc->>'parent') STORED
            """, ["parent_code"]),
        ("enterprises", """
            name text GENERATED ALWAYS AS (doc->>'name') STORED,
            credit_code text GENERATED ALWAYS AS (doc->>'creditCode') STORED,
            industry text GENERATED ALWAYS AS (doc->>'industry') STORED,
            county_code text GENERATED ALWAYS AS (doc->>'county') STORED
            """, ["county_code", "credit_code"]),
        ("units", """
            enterprise_id text GENERATED ALWAYS AS (doc->>'enterprise') STORED,
            type text GENERATED ALWAYS AS (doc->>'type') STORED
            """, ["enterprise_id"]),
        ("outlets", """
            enterprise_id text GENERATED ALWAYS AS (doc->>'enterprise') STORED,
            unit_id text GENERATED ALWAYS AS (doc->>'unit') STORED,
            medium text GENERATED ALWAYS AS (doc->>'medium') STORED
            """, ["enterprise_id"]),
        ("points", """
            outlet_id text GENERATED ALWAYS AS (doc->>'outlet') STORED,
            mn text GENERATED ALWAYS AS (doc->>'mn') STORED
            """, ["outlet_id", "mn"]),
        ("parameters", """
            unit_id text GENERATED ALWAYS AS (doc->>'unit') STORED,
            point_id text GENERATED ALWAYS AS (doc->>'point') STORED,
            code text GENERATED ALWAYS AS (doc->>'code') STORED
            """, ["unit_id", "point_id"]),
        ("permits", """
            enterprise_id text GENERATED ALWAYS AS (doc->>'enterprise') STORED,
            kind text GENERATED ALWAYS AS (doc->>'kind') STORED,
            number text GENERATED ALWAYS AS (doc->>'number') STORED
            """, ["enterprise_id"]),
        ("contacts", """
            enterprise_id text GENERATED ALWAYS AS (doc->>'enterprise') STORED,
            jurisdiction_code text GENERATED ALWAYS AS (doc->>'jurisdiction') STORED
            """, ["enterprise_id", "jurisdiction_code"]),
    ]

    /// Catalogue tables: one row per catalogue id.
    static let catalogueTables: [(table: String, columns: String)] = [
        ("standards", "scope text GENERATED ALWAYS AS (doc->>'scope') STORED"),
        ("limit_rows", """
            standard_id text GENERATED ALWAYS AS (doc->>'standard') STORED,
            factor text GENERATED ALWAYS AS (doc->>'factor') STORED
            """),
        ("mark_types", "family text GENERATED ALWAYS AS (doc->>'family') STORED"),
        ("overlap_rules", "relation text GENERATED ALWAYS AS (doc->>'relation') STORED"),
        ("marking_policies", "province text GENERATED ALWAYS AS (doc->>'province') STORED"),
        ("flag_rules", "flag text GENERATED ALWAYS AS (doc->>'flag') STORED"),
        ("status_rules", "code text GENERATED ALWAYS AS (doc->>'code') STORED"),
    ]

    static let version1: String = {
        var sql = """
            CREATE TABLE registry.imports (
                id          bigserial   PRIMARY KEY,
                imported_at timestamptz NOT NULL DEFAULT now(),
                source      text        NOT NULL,
                changes     integer     NOT NULL DEFAULT 0
            );

            CREATE TABLE registry.changes (
                seq        bigserial   PRIMARY KEY,
                import_id  bigint      NOT NULL REFERENCES registry.imports (id),
                kind       text        NOT NULL,
                id         text        NOT NULL,
                valid_from timestamptz,
                old_doc    jsonb,
                new_doc    jsonb,
                changed_at timestamptz NOT NULL DEFAULT now(),
                CHECK (old_doc IS NOT NULL OR new_doc IS NOT NULL)
            );
            CREATE INDEX changes_record ON registry.changes (kind, id);

            """
        for (table, columns, indexes) in versionedTables {
            sql += """
                CREATE TABLE registry.\(table) (
                    id          text        NOT NULL,
                    valid_from  timestamptz NOT NULL,
                    valid_to    timestamptz,
                    declared_to timestamptz,
                    doc         jsonb       NOT NULL,
                    import_id   bigint      NOT NULL REFERENCES registry.imports (id),
                    recorded_at timestamptz NOT NULL DEFAULT now(),
                    \(columns),
                    PRIMARY KEY (id, valid_from),
                    CHECK (valid_to IS NULL OR valid_to > valid_from),
                    CHECK (declared_to IS NULL OR declared_to > valid_from)
                );

                """
            for column in indexes {
                sql += "CREATE INDEX \(table)_\(column) ON registry.\(table) (\(column), valid_from);\n"
            }
            sql += "\n"
        }
        for (table, columns) in catalogueTables {
            sql += """
                CREATE TABLE registry.\(table) (
                    id          text        PRIMARY KEY,
                    doc         jsonb       NOT NULL,
                    import_id   bigint      NOT NULL REFERENCES registry.imports (id),
                    recorded_at timestamptz NOT NULL DEFAULT now(),
                    \(columns)
                );

                """
        }
        sql += "CREATE INDEX limit_rows_factor ON registry.limit_rows (factor);\n"
        return sql
    }()
}
