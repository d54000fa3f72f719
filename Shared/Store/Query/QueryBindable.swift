public import Foundation

/// A Swift value that can be bound as a query parameter (`\(value)` inside a `Query`).
///
/// Conform a domain type by forwarding to a built-in one:
/// ```swift
/// extension FactorCode: QueryBindable {
///     public var queryParameter: QueryParameter { rawValue.queryParameter }
///     public static var queryParameterType: PostgresType { String.queryParameterType }
/// }
/// ```
public protocol QueryBindable: Sendable {
    /// The parameter this value binds as.
    var queryParameter: QueryParameter { get }
    /// The type a NULL of this Swift type binds as (for `Optional.none`).
    static var queryParameterType: PostgresType { get }
}

extension QueryBindable {
    static func textParameter(_ text: String) -> QueryParameter {
        QueryParameter(type: queryParameterType, value: .text(text))
    }
}

extension String: QueryBindable {
    public static var queryParameterType: PostgresType { .text }
    public var queryParameter: QueryParameter { Self.textParameter(self) }
}

extension Substring: QueryBindable {
    public static var queryParameterType: PostgresType { .text }
    public var queryParameter: QueryParameter { Self.textParameter(String(self)) }
}

extension Int: QueryBindable {
    public static var queryParameterType: PostgresType { .int8 }
    public var queryParameter: QueryParameter { Self.textParameter(String(self)) }
}

extension Int64: QueryBindable {
    public static var queryParameterType: PostgresType { .int8 }
    public var queryParameter: QueryParameter { Self.textParameter(String(self)) }
}

extension Int32: QueryBindable {
    public static var queryParameterType: PostgresType { .int4 }
    public var queryParameter: QueryParameter { Self.textParameter(String(self)) }
}

extension Int16: QueryBindable {
    public static var queryParameterType: PostgresType { .int2 }
    public var queryParameter: QueryParameter { Self.textParameter(String(self)) }
}

extension Double: QueryBindable {
    public static var queryParameterType: PostgresType { .float8 }
    public var queryParameter: QueryParameter {
        // Swift prints "nan"/"inf"; spell PostgreSQL's names so the intent is plain.
        if isNaN { return Self.textParameter("NaN") }
        if isInfinite { return Self.textParameter(self < 0 ? "-Infinity" : "Infinity") }
        return Self.textParameter(description)
    }
}

extension Bool: QueryBindable {
    public static var queryParameterType: PostgresType { .bool }
    public var queryParameter: QueryParameter { Self.textParameter(self ? "t" : "f") }
}

extension Date: QueryBindable {
    /// Bound as `timestamptz` in UTC with microsecond precision (PostgreSQL's resolution).
    public static var queryParameterType: PostgresType { .timestamptz }
    public var queryParameter: QueryParameter { Self.textParameter(TimestampText.format(self)) }
}

extension UUID: QueryBindable {
    public static var queryParameterType: PostgresType { .uuid }
    public var queryParameter: QueryParameter { Self.textParameter(uuidString) }
}

extension Decimal: QueryBindable {
    public static var queryParameterType: PostgresType { .numeric }
    public var queryParameter: QueryParameter {
        // `Decimal.description` is locale independent ("12.5"); NaN is spelled as PostgreSQL does.
        Self.textParameter(isNaN ? "NaN" : description)
    }
}

extension Array: QueryBindable where Element == UInt8 {
    /// Bound as `bytea`, sent in binary form (no escaping, any byte allowed).
    public static var queryParameterType: PostgresType { .bytea }
    public var queryParameter: QueryParameter { QueryParameter(type: .bytea, value: .binary(self)) }
}

extension Data: QueryBindable {
    public static var queryParameterType: PostgresType { .bytea }
    public var queryParameter: QueryParameter { QueryParameter(type: .bytea, value: .binary([UInt8](self))) }
}

extension Optional: QueryBindable where Wrapped: QueryBindable {
    public static var queryParameterType: PostgresType { Wrapped.queryParameterType }
    public var queryParameter: QueryParameter {
        switch self {
        case .some(let value): value.queryParameter
        case .none: .null(Wrapped.queryParameterType)
        }
    }
}
