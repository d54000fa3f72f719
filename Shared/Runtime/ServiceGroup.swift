import Dispatch
import Foundation

/// Runs the services of one process and turns SIGTERM / SIGINT into a graceful shutdown in
/// reverse start order, bounded by a deadline. If any service fails, the others are shut down and
/// the group throws.
public final class ServiceGroup: Sendable {
    private let services: [any Service]
    private let logger: Logger
    private let shutdownDeadline: Duration
    private let state = Locked(State())

    private struct State: Sendable {
        var shuttingDown = false
        var watchdog: Task<Void, any Error>?
    }

    public struct ServiceFailed: Error, CustomStringConvertible {
        public let service: String
        public let underlying: any Error
        public var description: String { "service \(service) failed: \(underlying)" }
    }

    public init(services: [any Service], logger: Logger, shutdownDeadline: Duration = .seconds(20)) {
        self.services = services
        self.logger = logger
        self.shutdownDeadline = shutdownDeadline
    }

    /// Runs until every service returned. Returns normally after a signal-initiated shutdown.
    public func run() async throws {
        let signals = SignalWatcher(signals: [SIGTERM, SIGINT]) { [self] signal in
            logger.notice("signal received, shutting down", metadata: ["signal": "\(signal)"])
            Task { await self.shutdown() }
        }
        defer { signals.cancel() }

        defer { state.withLock { $0.watchdog?.cancel() } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for service in services {
                group.addTask { [logger] in
                    logger.info("service starting", metadata: ["service": service.name])
                    do {
                        try await service.run()
                        logger.info("service stopped", metadata: ["service": service.name])
                    } catch {
                        logger.error("service failed", metadata: ["service": service.name, "error": "\(error)"])
                        throw ServiceFailed(service: service.name, underlying: error)
                    }
                }
            }
            do {
                while try await group.next() != nil {
                    // A service that returns on its own while others run means the process is ending.
                    if !state.value.shuttingDown { await shutdown() }
                }
            } catch {
                await shutdown()
                // Let the remaining services finish their shutdown before reporting the failure.
                while (try? await group.next()) != nil {}
                throw error
            }
        }
    }

    /// Shuts services down in reverse start order; each gets the remainder of the deadline.
    public func shutdown() async {
        let first = state.withLock { state -> Bool in
            defer { state.shuttingDown = true }
            return !state.shuttingDown
        }
        guard first else { return }
        let deadline = ContinuousClock.now + shutdownDeadline
        let watchdog = Task { [logger] in
            try await Task.sleep(until: deadline, clock: .continuous)
            logger.critical("graceful shutdown exceeded its deadline; exiting")
            exit(1)
        }
        state.withLock { $0.watchdog = watchdog }
        for service in services.reversed() {
            logger.info("service shutting down", metadata: ["service": service.name])
            await service.shutdown()
        }
    }
}

/// Watches POSIX signals with Dispatch sources (the default action is ignored while watched).
/// `@unchecked Sendable`: `sources` is immutable after `init`, and Dispatch sources are thread-safe.
final class SignalWatcher: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    init(signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) {
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { handler(number) }
            source.resume()
            return source
        }
    }

    func cancel() { sources.forEach { $0.cancel() } }
}
