/// A SQL statement whose interpolated values become `$n` parameters, never SQL text:
///
/// ```swift
/// let rows = try await db.query("SELECT id FROM dispatch.orders WHERE mn = \(mn) AND opened_at > \(since)")
/// ```
///
/// Only compile-time literals and the loudly labelled `\(unsafeRaw:)` (trusted SQL such as a
/// schema name from configuration) reach the SQL text; `\(identifier:)` quotes a name safely.
/// A type that is not `QueryBindable` does not compile as an interpolation.
public struct Query: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible, CustomDebugStringConvertible {
    enum Piece: Sendable, Hashable {
        case sql(String)
        case parameter(QueryParameter)
    }

    private(set) var pieces: [Piece]

    public init(stringLiteral value: String) {
        pieces = value.isEmpty ? [] : [.sql(value)]
    }

    public init(stringInterpolation: StringInterpolation) {
        pieces = stringInterpolation.pieces
    }

    /// Trusted SQL text, verbatim. The label is long on purpose: it must never carry input.
    public init(unsafeRaw sql: String) {
        pieces = [.sql(sql)]
    }

    /// The SQL text sent to the server, with `$1`, `$2`… in place of the values.
    public var sql: String {
        var text = ""
        var number = 0
        for piece in pieces {
            switch piece {
            case .sql(let fragment): text += fragment
            case .parameter:
                number += 1
                text += "$\(number)"
            }
        }
        return text
    }

    /// The bound values, in `$n` order.
    public var parameters: [QueryParameter] {
        pieces.compactMap { piece in
            if case .parameter(let parameter) = piece { return parameter }
            return nil
        }
    }

    /// The SQL text only: safe to log.
    public var description: String { sql }

    /// The SQL text and the bound values: for debugging only (values may be personal data).
    public var debugDescription: String {
        let values = parameters.enumerated().map { "$\($0.offset + 1) = \($0.element.debugDescription)" }
        return values.isEmpty ? sql : "\(sql) [\(values.joined(separator: ", "))]"
    }

    /// Appends `other`, keeping its values as parameters (numbers are assigned when sent).
    public static func + (lhs: Query, rhs: Query) -> Query {
        var joined = lhs
        joined.pieces += rhs.pieces
        return joined
    }

    public static func += (lhs: inout Query, rhs: Query) {
        lhs.pieces += rhs.pieces
    }

    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        fileprivate var pieces: [Piece] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            pieces.reserveCapacity(interpolationCount * 2 + 1)
        }

        public mutating func appendLiteral(_ literal: String) {
            guard !literal.isEmpty else { return }
            pieces.append(.sql(literal))
        }

        /// A value: becomes the next `$n` parameter.
        public mutating func appendInterpolation<Value: QueryBindable>(_ value: Value) {
            pieces.append(.parameter(value.queryParameter))
        }

        /// An optional value: NULL when nil.
        public mutating func appendInterpolation<Value: QueryBindable>(_ value: Value?) {
            pieces.append(.parameter(value.queryParameter))
        }

        /// Another query (a fragment such as an optional `AND …` clause), values kept as parameters.
        public mutating func appendInterpolation(_ fragment: Query) {
            pieces += fragment.pieces
        }

        /// A name (schema, table, column) quoted as a PostgreSQL identifier: `"name"`, with any
        /// `"` doubled, so it can never end the identifier early.
        public mutating func appendInterpolation(identifier name: String) {
            pieces.append(.sql(Query.quoteIdentifier(name)))
        }

        /// Trusted SQL text, verbatim: never pass anything that came from input.
        public mutating func appendInterpolation(unsafeRaw sql: String) {
            pieces.append(.sql(sql))
        }
    }

    /// `name` as a quoted identifier.
    static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
