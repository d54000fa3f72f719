/// One bound value of a `Query`: its PostgreSQL type and its wire form, or SQL NULL.
///
/// Built only from `QueryBindable` values, never from `Any`: a type that does not conform cannot
/// be interpolated into a query.
public struct QueryParameter: Sendable, Hashable, CustomDebugStringConvertible {
    enum Value: Sendable, Hashable {
        /// PostgreSQL's text input form (sent in text format).
        case text(String)
        /// Raw bytes (sent in binary format; only `bytea`).
        case binary([UInt8])
    }

    public let type: PostgresType
    let value: Value?

    init(type: PostgresType, value: Value?) {
        self.type = type
        self.value = value
    }

    /// SQL NULL of `type`.
    public static func null(_ type: PostgresType) -> QueryParameter {
        QueryParameter(type: type, value: nil)
    }

    public var isNull: Bool { value == nil }

    /// The value as it would be sent, for `debugDescription` only (may hold personal data).
    public var debugDescription: String {
        switch value {
        case nil: "NULL::\(type.name)"
        case .text(let text): "'\(text)'::\(type.name)"
        case .binary(let bytes): "\(bytes.count) bytes::\(type.name)"
        }
    }
}
