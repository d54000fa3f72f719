import Foundation

/// JSON text bound as `jsonb` (and decoded from `json` or `jsonb` columns). The text is passed
/// through unchanged; the server validates it.
public struct JSONB: Sendable, Hashable, QueryBindable, CustomStringConvertible {
    public let text: String

    public init(_ text: String) {
        self.text = text
    }

    /// Encodes `value` with `JSONEncoder` (sorted keys, so equal values give equal text).
    public init<Value: Encodable>(encoding value: Value) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        text = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Decodes the JSON text with `JSONDecoder`.
    public func decode<Value: Decodable>(_ type: Value.Type = Value.self) throws -> Value {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    public var description: String { text }

    public static var queryParameterType: PostgresType { .jsonb }
    public var queryParameter: QueryParameter { Self.textParameter(text) }
}
