/// One non-NULL column value as the server sent it (text form) with its type, handed to
/// `QueryDecodable` conformances.
public struct ColumnValue: Sendable {
    /// PostgreSQL's text output for the value (`bytea` is hex, `\x0a1b…`).
    public let text: String
    public let type: PostgresType

    init(text: String, type: PostgresType) {
        self.text = text
        self.type = type
    }
}
