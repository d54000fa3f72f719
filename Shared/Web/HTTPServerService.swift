public import Runtime

/// Runs an `HTTPServer` as a `Service`: `run()` waits until `shutdown()` stops the daemon.
public final class HTTPServerService: Service {
    public let name = "http"
    private let server: HTTPServer
    private let stopped = AsyncLatch()

    public init(server: HTTPServer) { self.server = server }

    public func run() async throws { await stopped.wait() }

    public func shutdown() async {
        server.stop()
        stopped.open()
    }
}
