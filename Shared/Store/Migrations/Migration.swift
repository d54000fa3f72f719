/// One versioned schema change, embedded in the service binary as a Swift string literal.
///
/// Once released, a migration never changes: `Migrator` refuses to start when an applied
/// migration's text differs from the embedded one. Fix mistakes with a new version.
public struct Migration: Sendable, Hashable {
    /// Positive and unique within a schema; applied in ascending order.
    public let version: Int
    /// What it does, in a few words (recorded with it).
    public let name: String
    /// One or more SQL statements separated by `;` (no parameters). They run in one transaction,
    /// with `search_path` set to the migrator's schema, so `CREATE TABLE orders` and
    /// `CREATE TABLE dispatch.orders` both land in `dispatch`. Statements that cannot run in a
    /// transaction (`CREATE INDEX CONCURRENTLY`) are not allowed.
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}
