/// Why a column value cannot become the requested Swift type; `Row.decode` wraps it in a
/// `DatabaseError` (`decode_failed`) that names the column.
public struct ColumnDecodingError: Error, Sendable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }

    static func wrongType(_ value: ColumnValue) -> ColumnDecodingError {
        ColumnDecodingError("the column's type is \(value.type.name)")
    }

    static func unreadable(_ value: ColumnValue) -> ColumnDecodingError {
        ColumnDecodingError("the \(value.type.name) text cannot be read")
    }
}
