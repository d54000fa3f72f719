import Foundation
import HJ212
import Net
import Pipeline
import Registry
import Runtime
import Store

/// Ingest: the front door for data acquisition devices speaking HJ 212 over TCP.
@main
struct IngestMain {
    static func main() async {
        do {
            let host = try await ServiceHost.start(name: "ingest", defaultOpsPort: 9101,
                                                   migrators: [RegistrySchema.migrator, IngestSchema.migrator])
            let configuration = try IngestConfiguration(environment: host.environment)
            let registryDatabase = try await host.connectDatabase()
            let registry = RegistryReader(database: registryDatabase)
            let devices = DeviceDirectory { mns, instant in try await registry.deviceCredentials(mns: mns, at: instant) }
            var keyConnections: [Database] = []
            for _ in 0..<configuration.databaseConnections { keyConnections.append(try await host.connectDatabase()) }
            // Identities past their retention go before the first frame is read, then hourly.
            let partitions = DataKeyPartitions(retentionDays: configuration.keyRetentionDays, logger: host.logger)
            let pruningDatabase = try await host.connectDatabase()
            await partitions.pruneLogged(on: pruningDatabase)
            Task.detached {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(3600))
                    await partitions.pruneLogged(on: pruningDatabase)
                }
            }
            let processor = FrameProcessor(producer: host.producer, database: try await host.connectDatabase(),
                                           dataKeys: DataKeyStore(databases: keyConnections, partitions: partitions, logger: host.logger),
                                           devices: devices,
                                           configuration: configuration, logger: host.logger)
            // Frames are decoded leniently; each device's strict or lenient mode is applied once
            // the device is known (FrameProcessor.strictViolation).
            let options = DecodeOptions(mode: .lenient, maxFrameBytes: configuration.maxFrameBytes)
            let listener = try TCPServer(configuration: configuration.tcp, logger: host.logger) { connection in
                DeviceSession(connection: connection, options: options, maxQueuedFrames: configuration.maxQueuedFrames, processor: processor)
            }
            if let portFile = host.environment.optionalString("DUBAN_INGEST_PORT_FILE") {
                try "\(listener.port)\n".write(toFile: portFile, atomically: true, encoding: .utf8)
            }
            var services: [any Service] = [DeviceListener(server: listener, inFlight: processor.inFlight)]
            if let upstream = try UpstreamForwarder.configuration(host.environment) {
                services.append(try await UpstreamForwarder.consumer(host: host, upstream: upstream))
                host.logger.notice("forwarding accepted frames upstream", metadata: ["upstream": "\(upstream.host):\(upstream.port)"])
            }
            await host.run(services, opsServer: try host.opsServer())
        } catch {
            Logger(label: "duban.ingest").critical("cannot start", metadata: ["error": "\(error)"])
            exit(1)
        }
    }
}

/// The TCP listener as a service: on shutdown it stops accepting and reading, lets the frames in
/// hand finish (their replies are written before the connections close, bounded by a grace
/// period), then closes every connection. Unread frames stay with the devices, which resend them.
final class DeviceListener: Service {
    let name = "tcp"
    private let server: TCPServer
    private let inFlight: InFlightCounter
    private let stopped = AsyncLatch()

    init(server: TCPServer, inFlight: InFlightCounter) {
        self.server = server
        self.inFlight = inFlight
    }

    func run() async throws { await stopped.wait() }

    func shutdown() async {
        server.stopAccepting()
        server.pauseAllReading()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [inFlight] in await inFlight.waitUntilIdle() }
            group.addTask { try? await Task.sleep(for: .seconds(10)) }
            await group.next()
            group.cancelAll()
        }
        await server.stop()
        stopped.open()
    }
}
