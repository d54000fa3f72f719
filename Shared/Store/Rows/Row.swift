/// One result row. Values are read by column name with a typed `decode`; errors name the
/// column, its type and the requested Swift type.
public struct Row: Sendable {
    let columns: RowColumns
    /// Text form of each column, nil for SQL NULL.
    let values: [String?]

    init(columns: RowColumns, values: [String?]) {
        self.columns = columns
        self.values = values
    }

    /// The result's column names, in order.
    public var columnNames: [String] { columns.names }

    /// The value of `column`; throws `decode_failed` when the column is missing, NULL, or not
    /// convertible to `Value`.
    public func decode<Value: QueryDecodable>(
        _ column: String, as type: Value.Type = Value.self, file: String = #fileID, line: UInt = #line
    ) throws -> Value {
        guard let value = try decode(column, as: Value?.self, file: file, line: line) else {
            throw DatabaseError(
                .decodeFailed, reason: "column \"\(column)\" is NULL; decode it as \(Value.self)? to allow NULL",
                file: file, line: line)
        }
        return value
    }

    /// The value of `column`, nil for SQL NULL.
    public func decode<Value: QueryDecodable>(
        _ column: String, as type: Value?.Type, file: String = #fileID, line: UInt = #line
    ) throws -> Value? {
        let index = try position(of: column, file: file, line: line)
        guard let text = values[index] else { return nil }
        let value = ColumnValue(text: text, type: columns.types[index])
        do {
            return try Value(column: value)
        } catch {
            throw DatabaseError(
                .decodeFailed,
                reason: "column \"\(column)\" (\(value.type.name)) cannot be decoded as \(Value.self): \(error.reason)",
                file: file, line: line)
        }
    }

    /// Whether `column` is SQL NULL.
    public func isNull(_ column: String, file: String = #fileID, line: UInt = #line) throws -> Bool {
        values[try position(of: column, file: file, line: line)] == nil
    }

    private func position(of column: String, file: String, line: UInt) throws -> Int {
        guard let index = columns.index(of: column) else {
            throw DatabaseError(
                .decodeFailed,
                reason: "no column \"\(column)\" in the result (columns: \(columns.names.joined(separator: ", ")))",
                file: file, line: line)
        }
        return index
    }
}
