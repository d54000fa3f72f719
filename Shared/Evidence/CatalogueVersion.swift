/// A catalogue or rule file a judgment was made under (standards, code rules, mark catalogue,
/// supervision rules), so anyone can fetch the same version and recompute.
public struct CatalogueVersion: Codable, Sendable, Hashable {
    /// `standards`, `code-rules`, `marks`, `supervision-rules`…
    public var name: String
    public var version: String
    /// SHA-256 of the file as used, when known.
    public var sha256: String?
    public var source: String?

    public init(name: String, version: String, sha256: String?, source: String?) {
        self.name = name
        self.version = version
        self.sha256 = sha256
        self.source = source
    }
}
