import Foundation

/// One record of the package kept as canonical JSON whatever its type: a judgment with its
/// inputs, a mark with its history. Written one per line as `{"id":…,"kind":…,"record":{…}}`.
public struct EvidenceEntry: Sendable, Hashable {
    public let id: String
    /// What the record is: `judgment.exceedance`, `mark`, `mark.verdict`…
    public let kind: String
    /// The record in canonical JSON (sorted keys, ISO 8601 dates).
    public let json: String

    public init<Record: Encodable>(id: String, kind: String, record: Record) throws {
        self.id = id
        self.kind = kind
        json = try CanonicalJSON.encode(record)
    }

    var line: String {
        // Keys in sorted order, as canonical JSON has them: id, kind, record.
        let id = (try? CanonicalJSON.encode(self.id)) ?? "\"\""
        let kind = (try? CanonicalJSON.encode(self.kind)) ?? "\"\""
        return "{\"id\":\(id),\"kind\":\(kind),\"record\":\(json)}"
    }
}
