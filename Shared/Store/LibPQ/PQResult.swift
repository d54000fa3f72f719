import CLibPQ

/// One `PGresult`, alive only while the statement's outcome is read: `deinit` clears it exactly
/// once, and being `~Copyable` it cannot be copied or outlive its reader.
struct PQResult: ~Copyable {
    /// `PGresult *` from `PQexec`/`PQexecParams`/`PQgetResult`; cleared by `deinit` only.
    private let handle: OpaquePointer

    /// Takes ownership of `handle`; nil when libpq returned no result (out of memory, or the
    /// connection could not even send the statement).
    init?(taking handle: OpaquePointer?) {
        guard let handle else { return nil }
        self.handle = handle
    }

    deinit {
        PQclear(handle)
    }

    var status: ExecStatusType { PQresultStatus(handle) }

    var succeeded: Bool {
        switch status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: true
        default: false
        }
    }

    var isCopy: Bool {
        switch status {
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH: true
        default: false
        }
    }

    /// The command tag, e.g. `INSERT 0 1`, `COMMIT`, `ROLLBACK`.
    var commandTag: String { String(cString: PQcmdStatus(handle)) }

    /// Rows affected by INSERT/UPDATE/DELETE/MERGE (rows returned by SELECT); 0 when the command
    /// reports none.
    var affectedRows: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

    /// Copies every row out of the result (text format), so nothing points into it afterwards.
    func rows() -> [Row] {
        let rowCount = PQntuples(handle)
        let columnCount = PQnfields(handle)
        guard rowCount > 0 else { return [] }
        var names: [String] = []
        var types: [PostgresType] = []
        for column in 0..<columnCount {
            names.append(String(cString: PQfname(handle, column)))
            types.append(PostgresType(oid: PQftype(handle, column)))
        }
        let columns = RowColumns(names: names, types: types)
        var rows: [Row] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(handle, row, column) == 1 {
                    values.append(nil)
                } else {
                    let length = Int(PQgetlength(handle, row, column))
                    let bytes = UnsafeRawPointer(PQgetvalue(handle, row, column)!).assumingMemoryBound(to: UInt8.self)
                    values.append(String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self))
                }
            }
            rows.append(Row(columns: columns, values: values))
        }
        return rows
    }

    /// The fields of the server's error report (all nil for a client-side failure).
    func errorFields(connectionMessage: String) -> ServerErrorFields {
        ServerErrorFields(
            sqlState: field("C").map(SQLState.init(rawValue:)),
            message: field("M") ?? Self.trimmed(String(cString: PQresultErrorMessage(handle))) ?? Self.trimmed(connectionMessage),
            detail: field("D"), hint: field("H"), schema: field("s"), table: field("t"), column: field("c"),
            constraint: field("n"))
    }

    private func field(_ code: Unicode.Scalar) -> String? {
        PQresultErrorField(handle, Int32(code.value)).map { String(cString: $0) }
    }

    static func trimmed(_ message: String) -> String? {
        let text = message.trimmingSuffixWhitespace()
        return text.isEmpty ? nil : text
    }
}

extension String {
    func trimmingSuffixWhitespace() -> String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
