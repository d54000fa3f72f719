import CLibPQ
import Runtime
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns one libpq connection (`PGconn`). libpq forbids using a connection from two threads at
/// once: only the owning `Database` actor holds this object and calls it on its serial executor.
final class PQConnection {
    /// `PGconn *` from `PQconnectdbParams`; finished (closed and freed) by `deinit` only.
    private let handle: OpaquePointer
    /// The cancel key of this connection, for `PQcancel` from other threads.
    let canceller: PQCanceller?
    /// Receives the server's notices; released after `deinit` finished the connection.
    private let notices: NoticeRouter

    /// Why a connection attempt failed, in libpq's words.
    struct ConnectFailure: Error {
        let message: String
    }

    private init(handle: OpaquePointer, logger: Logger) {
        self.handle = handle
        canceller = PQCanceller(handle)
        notices = NoticeRouter(logger: logger)
        notices.register(on: handle)
    }

    deinit {
        PQfinish(handle)
    }

    /// Opens a connection (blocking, bounded by `connect_timeout` in `settings`). `settings` are
    /// libpq keywords; a `dbname` holding a URL is expanded, later keywords override the URL's.
    static func connect(_ settings: [(keyword: String, value: String)], logger: Logger) throws(ConnectFailure) -> PQConnection {
        let handle = withCStringArray(settings.map(\.keyword)) { keywords in
            withCStringArray(settings.map(\.value)) { values in
                PQconnectdbParams(keywords, values, 1)
            }
        }
        guard let handle else { throw ConnectFailure(message: "libpq could not allocate a connection") }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = PQResult.trimmed(String(cString: PQerrorMessage(handle))) ?? "unknown connection error"
            // A failed PGconn still owns memory: free it here, nothing else will.
            PQfinish(handle)
            throw ConnectFailure(message: message)
        }
        return PQConnection(handle: handle, logger: logger)
    }

    /// libpq's check of a connection string, without connecting: nil when valid, else its message.
    static func validate(conninfo: String) -> String? {
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &message) else {
            defer { PQfreemem(message) }
            return message.flatMap { PQResult.trimmed(String(cString: $0)) } ?? "the connection URL cannot be parsed"
        }
        PQconninfoFree(options)
        return nil
    }

    var backendProcessID: Int32 { PQbackendPID(handle) }

    var errorMessage: String { PQResult.trimmed(String(cString: PQerrorMessage(handle))) ?? "" }

    var isBroken: Bool { PQstatus(handle) != CONNECTION_OK }

    /// True when the server ended this idle connection. Non-blocking. Anything readable while we
    /// sent nothing is either harmless (a notice) or the server's last words: a final error
    /// report, then the end of the stream, which libpq notices on the read after the report.
    func wasClosedByServer() -> Bool {
        guard !isBroken else { return true }
        let socket = PQsocket(handle)
        guard socket >= 0 else { return true }
        for _ in 0..<4 {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 0) > 0 else { return false }
            if PQconsumeInput(handle) == 0 || isBroken { return true }
        }
        return isBroken
    }

    /// Runs one statement with parameters (extended protocol; one statement only), text results.
    func execute(_ sql: String, parameters: [QueryParameter]) -> StatementReply {
        let encoded = EncodedParameters(parameters)
        let sent = encoded.withCArrays { types, values, lengths, formats in
            PQsendQueryParams(handle, sql, Int32(parameters.count), types, values, lengths, formats, 0)
        }
        return collectReply(sent: sent == 1)
    }

    /// Runs a script of several statements (simple protocol, no parameters).
    func executeScript(_ sql: String) -> StatementReply {
        collectReply(sent: PQsendQuery(handle, sql) == 1)
    }

    /// Reads every result of the statement sent (blocking) until libpq has no more. Unlike
    /// `PQexec`, which keeps only the last result, this keeps the first error report: when the
    /// server ends the session mid-statement its report (SQLSTATE 57P01) comes before libpq's own
    /// "server closed the connection", and that SQLSTATE is what tells a safe retry apart.
    private func collectReply(sent: Bool) -> StatementReply {
        guard sent else {
            return .failure(ServerErrorFields(message: errorMessage), connectionBroken: isBroken)
        }
        var success: StatementResult?
        var failure: ServerErrorFields?
        while let result = PQResult(taking: PQgetResult(handle)) {
            if result.isCopy {
                // COPY needs a data stream Store does not offer; end it so the loop terminates.
                abortCopy(result.status)
                if failure == nil {
                    failure = ServerErrorFields(message: "COPY is not supported by Store; use INSERT with parameters")
                }
            } else if result.succeeded {
                success = StatementResult(rows: result.rows(), affectedRows: result.affectedRows, commandTag: result.commandTag)
            } else if failure == nil {
                failure = result.errorFields(connectionMessage: errorMessage)
            }
            // `result` is cleared here, at the end of each iteration.
        }
        if let failure { return .failure(failure, connectionBroken: isBroken) }
        if let success { return .success(success) }
        // No result at all: libpq lost the connection before the server answered.
        return .failure(ServerErrorFields(message: errorMessage), connectionBroken: isBroken)
    }

    private func abortCopy(_ status: ExecStatusType) {
        switch status {
        case PGRES_COPY_IN, PGRES_COPY_BOTH:
            _ = PQputCopyEnd(handle, "COPY is not supported by Store")
        default:
            // COPY TO STDOUT: read and free the rows until libpq reports the end (-1) or an error (-2).
            var row: UnsafeMutablePointer<CChar>?
            while PQgetCopyData(handle, &row, 0) > 0 {
                PQfreemem(row)
                row = nil
            }
        }
    }
}

/// Gives C a `NULL`-terminated array of C strings, valid only inside `body`.
private func withCStringArray<Result>(
    _ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result
) -> Result {
    // strdup'd copies, freed when the scope ends; nothing keeps them.
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let pointers = copies.map { UnsafePointer($0) } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
