public import Foundation

/// A Swift type a column can be decoded into with `Row.decode(_:as:)`.
///
/// Decoding is strict about types: an `Int` comes from an integer column (or an integral
/// `numeric`, as `sum(bigint)` returns), never from text, so a wrong column fails loudly. `String`
/// accepts any type except `bytea` (it is the value's text form).
public protocol QueryDecodable: Sendable {
    init(column: ColumnValue) throws(ColumnDecodingError)
}

extension String: QueryDecodable {
    public init(column: ColumnValue) throws(ColumnDecodingError) {
        guard column.type != .bytea else { throw .wrongType(column) }
        self = column.text
    }
}

extension FixedWidthInteger where Self: SignedInteger {
    fileprivate static func decodeInteger(_ column: ColumnValue) throws(ColumnDecodingError) -> Self {
        guard column.type.isInteger || column.type == .numeric else { throw .wrongType(column) }
        guard let value = Self(column.text) else {
            if column.type == .numeric, !column.text.allSatisfy({ $0 == "-" || $0.isASCII && $0.isNumber }) {
                throw ColumnDecodingError("the numeric value is not a whole number")
            }
            throw ColumnDecodingError("the value does not fit \(Self.self)")
        }
        return value
    }
}

extension Int: QueryDecodable {
    public init(column: ColumnValue) throws(ColumnDecodingError) { self = try .decodeInteger(column) }
}

extension Int64: QueryDecodable {
    public init(column: ColumnValue) throws(ColumnDecodingError) { self = try .decodeInteger(column) }
}

extension Int32: QueryDecodable {
    public init(column: ColumnValue) throws(ColumnDecodingError) { self = try .decodeInteger(column) }
}

extension Int16: QueryDecodable {
    public init(column: ColumnValue) throws(ColumnDecodingError) { self = try .decodeInteger(column) }
}

extension Double: QueryDecodable {
    public init(column: ColumnValue) throws(ColumnDecodingError) {
        guard [PostgresType.float8, .float4, .numeric].contains(column.type) || column.type.isInteger else {
            throw .wrongType(column)
        }
        guard let value = Double(column.text) else { throw .unreadable(column) }
        self = value
    }
}

extension Decimal: QueryDecodable {
    public init(column: ColumnValue) throws(ColumnDecodingError) {
        guard column.type == .numeric || column.type.isInteger else { throw .wrongType(column) }
        guard let value = Decimal(string: column.text, locale: Locale(identifier: "en_US_POSIX")) else {
            throw .unreadable(column)
        }
        self = value
    }
}

extension Bool: QueryDecodable {
    public init(column: ColumnValue) throws(ColumnDecodingError) {
        guard column.type == .bool else { throw .wrongType(column) }
        switch column.text {
        case "t": self = true
        case "f": self = false
        default: throw .unreadable(column)
        }
    }
}

extension Date: QueryDecodable {
    /// From `timestamptz`, `timestamp` (read as UTC, as Duban stores times) or `date` (midnight UTC).
    public init(column: ColumnValue) throws(ColumnDecodingError) {
        guard [PostgresType.timestamptz, .timestamp, .date].contains(column.type) else { throw .wrongType(column) }
        guard let date = TimestampText.parse(column.text) else {
            throw ColumnDecodingError("the \(column.type.name) value is not a finite time")
        }
        self = date
    }
}

extension UUID: QueryDecodable {
    public init(column: ColumnValue) throws(ColumnDecodingError) {
        guard column.type == .uuid || column.type.isCharacterType else { throw .wrongType(column) }
        guard let value = UUID(uuidString: column.text) else { throw .unreadable(column) }
        self = value
    }
}

extension Array: QueryDecodable where Element == UInt8 {
    /// From `bytea` (the server's hex text form is decoded).
    public init(column: ColumnValue) throws(ColumnDecodingError) {
        guard column.type == .bytea else { throw .wrongType(column) }
        guard let bytes = HexText.decodeBytea(column.text) else { throw .unreadable(column) }
        self = bytes
    }
}

extension Data: QueryDecodable {
    public init(column: ColumnValue) throws(ColumnDecodingError) {
        self = Data(try [UInt8](column: column))
    }
}

extension JSONB: QueryDecodable {
    public init(column: ColumnValue) throws(ColumnDecodingError) {
        guard column.type == .jsonb || column.type == .json else { throw .wrongType(column) }
        self.init(column.text)
    }
}
