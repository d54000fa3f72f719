import Bus
import Foundation
import Runtime

/// Runs the mock cluster until shut down. The cluster starts in `init`, so the bootstrap address
/// is announced before the service group starts waiting for signals.
final class BrokerService: Service {
    let name = "mock-broker"
    private let cluster: MockCluster
    private let settings: BrokerSettings
    private let logger: Logger
    private let stopped = Locked<StopState>(.running(nil))

    private enum StopState: Sendable {
        case running(CheckedContinuation<Void, Never>?)
        case stopped
    }

    init(settings: BrokerSettings, logger: Logger) throws {
        self.settings = settings
        self.logger = logger
        logger.notice(
            "starting the Duban TEST broker: librdkafka mock cluster, data kept IN MEMORY only and lost on exit; for development and tests, never production",
            metadata: ["brokers": "\(settings.brokers)"])
        cluster = try MockCluster(brokers: settings.brokers, logger: Logger(label: "duban-broker.librdkafka"))
        for topic in settings.topics {
            try cluster.createTopic(topic.name, partitions: topic.partitions)
        }
        let line = "bootstrap=\(cluster.bootstrapServers)"
        if let path = settings.bootstrapFile {
            // Written to a sibling file and renamed, so a reader never sees a partial line.
            try Data((line + "\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        }
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
        logger.notice(
            "broker ready",
            metadata: [
                "bootstrap": cluster.bootstrapServers,
                "topics": settings.topics.map(\.description).joined(separator: ","),
            ])
    }

    func run() async throws {
        await withCheckedContinuation { continuation in
            let alreadyStopped = stopped.withLock { state -> Bool in
                if case .stopped = state { return true }
                state = .running(continuation)
                return false
            }
            if alreadyStopped { continuation.resume() }
        }
        if let path = settings.bootstrapFile {
            // A stale address must not outlive the broker it names.
            try? FileManager.default.removeItem(atPath: path)
        }
        logger.notice("broker stopped; in-memory data discarded")
    }

    func shutdown() async {
        let waiting = stopped.withLock { state -> CheckedContinuation<Void, Never>? in
            defer { state = .stopped }
            if case .running(let continuation) = state { return continuation }
            return nil
        }
        waiting?.resume()
    }
}
