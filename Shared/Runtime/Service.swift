/// A long-running part of a process (a consumer loop, a relay, a TCP listener, an HTTP server).
///
/// `run()` does the work and returns once the service has stopped. `shutdown()` asks it to stop
/// gracefully: stop taking new work, finish what is in flight, flush, then let `run()` return.
public protocol Service: Sendable {
    var name: String { get }
    func run() async throws
    func shutdown() async
}
