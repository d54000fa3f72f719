internal import CMicroHTTPD
import Dispatch
import Foundation
public import Runtime

/// An HTTP/1.1 server on libmicrohttpd. One thread per connection (libmicrohttpd's own), so an
/// async handler may be awaited by blocking that connection's thread without touching the
/// cooperative pool.
public final class HTTPServer: Sendable {
    public struct Configuration: Sendable {
        /// IPv4 address to bind; `127.0.0.1` by default, `0.0.0.0` in containers.
        public var host: String
        /// 0 lets the system choose; read the result from `HTTPServer.port`.
        public var port: UInt16
        public var maxBodyBytes: Int
        public var connectionTimeout: Duration
        public var connectionLimit: Int

        public init(host: String = "127.0.0.1", port: UInt16, maxBodyBytes: Int = 1 << 20,
                    connectionTimeout: Duration = .seconds(30), connectionLimit: Int = 256) {
            self.host = host
            self.port = port
            self.maxBodyBytes = maxBodyBytes
            self.connectionTimeout = connectionTimeout
            self.connectionLimit = connectionLimit
        }
    }

    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The bound port (useful when configured with port 0).
    public let port: UInt16
    private let daemon: DaemonHandle
    private let context: ServerContext

    public init(configuration: Configuration, router: Router, logger: Logger) throws {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = configuration.port.bigEndian
        guard inet_pton(AF_INET, configuration.host, &address.sin_addr) == 1 else {
            throw StartError(description: "HTTP bind address \(configuration.host) is not an IPv4 address")
        }
        let context = ServerContext(router: router, logger: logger, maxBodyBytes: configuration.maxBodyBytes)
        let flags = UInt32(MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_THREAD_PER_CONNECTION.rawValue | MHD_USE_ERROR_LOG.rawValue)
        let timeout = UInt32(max(1, configuration.connectionTimeout.components.seconds))
        // The daemon borrows `context` (unretained): `self` keeps it alive until the daemon stops in deinit.
        let pointer = withUnsafePointer(to: &address) { addressPointer in
            CMicroHTTPD_start(flags, addressPointer, accessHandler, Unmanaged.passUnretained(context).toOpaque(),
                              requestCompleted, timeout, UInt32(configuration.connectionLimit))
        }
        guard let pointer else {
            throw StartError(description: "cannot listen for HTTP on \(configuration.host):\(configuration.port) (port in use or not permitted)")
        }
        self.daemon = DaemonHandle(pointer)
        self.context = context
        self.port = CMicroHTTPD_boundPort(pointer)
        logger.info("http listening", metadata: ["http.host": configuration.host, "http.port": "\(port)"])
    }

    /// Stops accepting and waits for in-flight requests; idempotent.
    public func stop() { daemon.stop() }
}

/// Owns the `MHD_Daemon`; `stop()` (or deinit) is the only place it is freed.
/// `@unchecked Sendable`: the pointer is guarded by `lock`, and MHD_stop_daemon runs at most once.
private final class DaemonHandle: @unchecked Sendable {
    private var pointer: OpaquePointer?
    private let lock = NSLock()

    init(_ pointer: OpaquePointer) { self.pointer = pointer }

    func stop() {
        lock.lock()
        let daemon = pointer
        pointer = nil
        lock.unlock()
        if let daemon { MHD_stop_daemon(daemon) }
    }

    deinit { stop() }
}

/// What the C callbacks need; lives as long as the server.
private final class ServerContext: Sendable {
    let router: Router
    let logger: Logger
    let maxBodyBytes: Int

    init(router: Router, logger: Logger, maxBodyBytes: Int) {
        self.router = router
        self.logger = logger
        self.maxBodyBytes = maxBodyBytes
    }
}

/// Per-request state while libmicrohttpd feeds the body in pieces. Retained into `*con_cls` on
/// the first call, released by `requestCompleted`. Only the connection's thread touches it.
private final class RequestState {
    var body: [UInt8] = []
    var tooLarge = false
}

/// Collects header or query values through MHD's iterator callback.
private final class ValueCollector {
    var values: [String: String] = [:]
    let lowercaseKeys: Bool
    init(lowercaseKeys: Bool) { self.lowercaseKeys = lowercaseKeys }
}

private let collectValue: MHD_KeyValueIterator = { cls, _, key, value in
    guard let cls, let key else { return .YES }
    let collector = Unmanaged<ValueCollector>.fromOpaque(cls).takeUnretainedValue()
    let name = String(cString: key)
    collector.values[collector.lowercaseKeys ? name.lowercased() : name] = value.map { String(cString: $0) } ?? ""
    return .YES
}

private func values(of connection: OpaquePointer, kind: MHD_ValueKind, lowercaseKeys: Bool) -> [String: String] {
    let collector = ValueCollector(lowercaseKeys: lowercaseKeys)
    withExtendedLifetime(collector) {
        _ = MHD_get_connection_values(connection, kind, collectValue, Unmanaged.passUnretained(collector).toOpaque())
    }
    return collector.values
}

private let requestCompleted: MHD_RequestCompletedCallback = { _, _, conCls, _ in
    guard let conCls, let state = conCls.pointee else { return }
    Unmanaged<RequestState>.fromOpaque(state).release()  // balances passRetained in accessHandler
    conCls.pointee = nil
}

private let accessHandler: MHD_AccessHandlerCallback = { cls, connection, url, method, _, uploadData, uploadDataSize, conCls in
    guard let cls, let connection, let conCls, let uploadDataSize else { return .NO }
    let context = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
    guard let statePointer = conCls.pointee else {
        conCls.pointee = Unmanaged.passRetained(RequestState()).toOpaque()  // released in requestCompleted
        return .YES
    }
    let state = Unmanaged<RequestState>.fromOpaque(statePointer).takeUnretainedValue()
    if uploadDataSize.pointee > 0 {
        if state.body.count + uploadDataSize.pointee > context.maxBodyBytes {
            state.tooLarge = true
        } else if let uploadData {
            uploadData.withMemoryRebound(to: UInt8.self, capacity: uploadDataSize.pointee) { bytes in
                state.body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: uploadDataSize.pointee))
            }
        }
        uploadDataSize.pointee = 0
        return .YES
    }

    let response: HTTPResponse
    if state.tooLarge {
        response = .json("{\"error\":\"body_too_large\",\"limit\":\(context.maxBodyBytes)}", status: 413)
    } else {
        let request = HTTPRequest(
            method: method.map { String(cString: $0) } ?? "GET",
            path: url.map { String(cString: $0) } ?? "/",
            query: values(of: connection, kind: .GET_ARGUMENT_KIND, lowercaseKeys: false),
            headers: values(of: connection, kind: .HEADER_KIND, lowercaseKeys: true),
            body: state.body)
        response = BlockingBridge.run { await context.router.handle(request) }
    }
    return queue(response, on: connection)
}

private func queue(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
    var body = response.body
    let created = body.withUnsafeMutableBytes { bytes in
        // MUST_COPY: libmicrohttpd copies the bytes, so nothing outlives this closure.
        MHD_create_response_from_buffer(bytes.count, bytes.baseAddress, .RESPMEM_MUST_COPY)
    }
    guard let created else { return .NO }
    defer { MHD_destroy_response(created) }
    for (name, value) in response.headers { _ = MHD_add_response_header(created, name, value) }
    return MHD_queue_response(connection, UInt32(response.status), created)
}
