import CLibPQ
import Runtime

/// Routes the server's notices and warnings (which libpq would print on standard error) into
/// the JSON-lines logger. Held by the `PQConnection` it is registered on, so it outlives the
/// registration: the connection is finished in `deinit` before its properties are released.
final class NoticeRouter {
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// Registers `self` as the notice receiver of `connection`.
    func register(on connection: OpaquePointer) {
        _ = PQsetNoticeReceiver(connection, receiveNotice, Unmanaged.passUnretained(self).toOpaque())
    }

    fileprivate func receive(severity: String, sqlState: String, message: String) {
        let metadata = [StoreLogKey.sqlState: sqlState, StoreLogKey.severity: severity]
        switch severity {
        case "WARNING": logger.warning("PostgreSQL: \(message)", metadata: metadata)
        // NOTICE ("already exists, skipping", "drop cascades to …"), INFO, LOG, DEBUG: routine.
        default: logger.debug("PostgreSQL: \(message)", metadata: metadata)
        }
    }
}

/// libpq's notice receiver; `context` is the `NoticeRouter` (unretained, see its lifetime note).
private func receiveNotice(_ context: UnsafeMutableRawPointer?, _ result: OpaquePointer?) {
    guard let context, let result else { return }
    let router = Unmanaged<NoticeRouter>.fromOpaque(context).takeUnretainedValue()
    func field(_ code: Unicode.Scalar) -> String {
        PQresultErrorField(result, Int32(code.value)).map { String(cString: $0) } ?? ""
    }
    router.receive(severity: field("V"), sqlState: field("C"), message: field("M"))
}
