public import Foundation

/// A registry question that cannot be answered: the record does not exist at that instant, or a
/// stored document no longer reads (a bug or a manual edit of the database).
public struct RegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// No version of the record is valid at the instant asked about.
        case notFound = "not_found"
        /// A stored document does not read as its record type.
        case corruptRecord = "corrupt_record"
    }

    public var code: Code
    /// `outlets`, `limit_rows`…
    public var kind: String
    public var id: String
    public var instant: Date?
    public var reason: String

    public init(code: Code, kind: String, id: String, instant: Date?, reason: String) {
        self.code = code
        self.kind = kind
        self.id = id
        self.instant = instant
        self.reason = reason
    }

    public var description: String {
        let when = instant.map { " 于 \(InstantText.format($0))" } ?? ""
        return "registry \(code.rawValue): \(kind) \(id)\(when): \(reason)"
    }
}
