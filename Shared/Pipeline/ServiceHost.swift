import Foundation
public import Bus
public import Runtime
public import Store
public import Web

/// What every Duban service process sets up the same way: configuration from the environment,
/// the PostgreSQL connections, migrations, the idempotent producer and the ops HTTP port with
/// `/healthz`, `/readyz` (Kafka and PostgreSQL reachable) and `/metrics`.
///
/// Environment: `DUBAN_DATABASE_URL` (required), `DUBAN_KAFKA_BOOTSTRAP` (required),
/// `DUBAN_OPS_HOST` (default 127.0.0.1), `DUBAN_OPS_PORT` (default per service),
/// `DUBAN_LOG_LEVEL` (default info), `DUBAN_STARTUP_TIMEOUT` (default 60s: how long to wait for
/// PostgreSQL at start).
public final class ServiceHost: Sendable {
    public let name: String
    public let logger: Logger
    public let environment: Runtime.Environment
    public let databaseConfiguration: DatabaseConfiguration
    public let kafka: KafkaConfiguration
    public let database: Database
    public let producer: Producer
    private let opsConfiguration: HTTPServer.Configuration

    /// Reads and validates configuration; connects; applies `migrators` in order (under advisory
    /// locks, so replicas starting together are safe). Throws `ConfigurationError` naming the
    /// variable at fault.
    public static func start(name: String, defaultOpsPort: UInt16, migrators: [Migrator]) async throws -> ServiceHost {
        let environment = Runtime.Environment()
        if let levelName = environment.optionalString("DUBAN_LOG_LEVEL") {
            guard let level = LogLevel(name: levelName) else {
                throw ConfigurationError(variable: "DUBAN_LOG_LEVEL", expected: "trace, debug, info, notice, warning, error or critical", found: levelName)
            }
            LogSink.shared.setDefaultLevel(level)
        }
        let logger = Logger(label: "duban.\(name)")
        let databaseURL = try environment.string("DUBAN_DATABASE_URL", expected: "a PostgreSQL URL such as postgresql://user@host:5432/duban")
        guard databaseURL.hasPrefix("postgresql://") || databaseURL.hasPrefix("postgres://") else {
            throw ConfigurationError(variable: "DUBAN_DATABASE_URL", expected: "a postgresql:// URL", found: "<redacted>")
        }
        let kafka = try KafkaConfiguration.fromEnvironment(environment, clientID: "duban-\(name)")
        let opsHost = environment.string("DUBAN_OPS_HOST", default: "127.0.0.1")
        let opsPort = try environment.port("DUBAN_OPS_PORT", default: Int(defaultOpsPort))
        let startupTimeout = try environment.duration("DUBAN_STARTUP_TIMEOUT", default: .seconds(60))

        let databaseConfiguration = DatabaseConfiguration(url: databaseURL, applicationName: "duban-\(name)")
        let database = try await connectWithRetry(databaseConfiguration, logger: logger, timeout: startupTimeout)
        for migrator in migrators { try await migrator.apply(on: database) }
        let producer = try Producer(configuration: kafka, logger: logger)
        logger.info("service configured", metadata: ["kafka.bootstrap": kafka.bootstrapServers, "ops.port": "\(opsPort)"])
        return ServiceHost(name: name, logger: logger, environment: environment, databaseConfiguration: databaseConfiguration,
                           kafka: kafka, database: database, producer: producer,
                           opsConfiguration: .init(host: opsHost, port: opsPort))
    }

    private init(name: String, logger: Logger, environment: Runtime.Environment, databaseConfiguration: DatabaseConfiguration,
                 kafka: KafkaConfiguration, database: Database, producer: Producer, opsConfiguration: HTTPServer.Configuration) {
        self.name = name
        self.logger = logger
        self.environment = environment
        self.databaseConfiguration = databaseConfiguration
        self.kafka = kafka
        self.database = database
        self.producer = producer
        self.opsConfiguration = opsConfiguration
    }

    /// Another connection (each `Database` is one connection with its own serial executor).
    public func connectDatabase() async throws -> Database {
        try await Database.connect(databaseConfiguration, logger: logger)
    }

    static func connectWithRetry(_ configuration: DatabaseConfiguration, logger: Logger, timeout: Duration) async throws -> Database {
        let deadline = ContinuousClock.now + timeout
        var attempt = 0
        while true {
            do {
                return try await Database.connect(configuration, logger: logger)
            } catch {
                attempt += 1
                guard ContinuousClock.now < deadline else { throw error }
                logger.warning("PostgreSQL not reachable yet; retrying", metadata: ["error": "\(error)", "attempt": "\(attempt)"])
                try await Task.sleep(for: Backoff.delay(attempt: attempt, cap: .seconds(2)))
            }
        }
    }

    /// Starts the ops HTTP server. `extraChecks` join the standard Kafka and PostgreSQL checks;
    /// `routes` adds service-specific endpoints (e.g. provider receipts).
    public func opsServer(extraChecks: [OpsRoutes.Check] = [], routes: (inout Router) -> Void = { _ in }) throws -> HTTPServerService {
        var router = Router()
        let producer = producer
        let database = database
        let checks = [
            OpsRoutes.Check("kafka") { await producer.isReachable(timeout: .seconds(2)) },
            OpsRoutes.Check("postgres") { (try? await database.ping()) != nil },
        ] + extraChecks
        OpsRoutes.install(into: &router, checks: checks)
        routes(&router)
        let server = try HTTPServer(configuration: opsConfiguration, router: router, logger: logger)
        if let portFile = environment.optionalString("DUBAN_OPS_PORT_FILE") {
            try "\(server.port)\n".write(toFile: portFile, atomically: true, encoding: .utf8)
        }
        return HTTPServerService(server: server)
    }

    /// Flushes and closes the producer: the last step of a graceful shutdown.
    public func closeProducer() async {
        do { try await producer.flush(timeout: .seconds(10)) } catch {
            logger.error("producer flush failed at shutdown", metadata: ["error": "\(error)"])
        }
        await producer.close()
    }

    /// Runs `services` plus the ops server until SIGTERM/SIGINT, then drains in reverse order and
    /// flushes the producer. Exits the process with 1 on a startup or run failure.
    public func run(_ services: [any Service], opsServer: HTTPServerService) async {
        let group = ServiceGroup(services: [ProducerCloser(host: self), opsServer] + services, logger: logger)
        do {
            try await group.run()
            logger.info("stopped cleanly")
        } catch {
            logger.critical("stopping after failure", metadata: ["error": "\(error)"])
            exit(1)
        }
    }
}

/// Flushes and closes the producer on shutdown. Started first, so the group (which shuts down in
/// reverse start order) reaches it last, after every service stopped taking work and finished.
final class ProducerCloser: Service {
    let name = "producer"
    private let host: ServiceHost
    private let stopped = AsyncLatch()
    init(host: ServiceHost) { self.host = host }
    func run() async throws { await stopped.wait() }
    func shutdown() async {
        await host.closeProducer()
        stopped.open()
    }
}
