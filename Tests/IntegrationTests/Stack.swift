import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The whole pipeline as separate processes for one test: its own in-memory test broker, its own
/// database in the test PostgreSQL server, the sample registry, a fake SMS gateway and the
/// services, each on ports the system chose.
final class Stack: @unchecked Sendable {
    // @unchecked Sendable: mutated only by the test that owns the stack, one step at a time.
    static let serviceNames = ["ingest", "marking", "judgment", "dispatch", "notify", "portal"]

    let root: String
    let binDirectory: String
    let runDirectory: String
    let databaseURL: String
    let bootstrap: String
    let gatewayPort: UInt16
    private(set) var processes: [String: ManagedProcess] = [:]
    private(set) var opsPorts: [String: UInt16] = [:]
    /// `startAllServices` starts the services concurrently: their writes to `processes` and
    /// `opsPorts` take turns.
    private let bookkeeping = NSLock()
    private(set) var ingestPort: UInt16 = 0
    private var brokerProcess: ManagedProcess?
    var broker: ManagedProcess? { brokerProcess }

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// The Ed25519 seed Dispatch signs chain heads with in tests (hex, 32 bytes): tests verify
    /// evidence with its public key.
    static let dispatchSigningSeed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"

    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// Starts broker, database, registry (unless `importRegistry` is false) and gateway (with
    /// `gatewayEnvironment` added, e.g. its failure injection); services are started by `startService`.
    init(name: String, importRegistry: Bool = true, gatewayEnvironment: [String: String] = [:]) async throws {
        root = Self.repositoryRoot
        let environment = ProcessInfo.processInfo.environment
        guard let bin = environment["DUBAN_BIN_DIR"], let baseURL = environment["DUBAN_TEST_DATABASE_URL"] else {
            throw Failure(description: "DUBAN_BIN_DIR and DUBAN_TEST_DATABASE_URL must be set: run scripts/test.sh")
        }
        binDirectory = bin
        let base = environment["DUBAN_TEST_RUN_DIR"] ?? NSTemporaryDirectory()
        runDirectory = "\(base)/it-\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true)

        // A database of its own, so tests never see each other's rows.
        let databaseName = "duban_it_\(name.lowercased().filter { $0.isLetter || $0.isNumber })_\(UUID().uuidString.prefix(6).lowercased())"
        _ = try Self.psql(baseURL, "CREATE DATABASE \(databaseName)")
        databaseURL = baseURL.replacingOccurrences(of: "/duban", with: "/\(databaseName)")

        let bootstrapFile = "\(runDirectory)/broker.bootstrap"
        brokerProcess = try ManagedProcess(name: "broker", executable: "\(bin)/duban-broker",
                                    environment: ["DUBAN_BROKER_BOOTSTRAP_FILE": bootstrapFile], logDirectory: runDirectory)
        let line = try await Self.waitForFile(bootstrapFile, timeout: .seconds(30))
        bootstrap = line.replacingOccurrences(of: "bootstrap=", with: "").trimmingCharacters(in: .whitespacesAndNewlines)

        let portFile = "\(runDirectory)/gateway.port"
        processes["gateway"] = try ManagedProcess(
            name: "gateway", executable: "\(bin)/duban-fake-gateway",
            environment: ["DUBAN_FAKE_GATEWAY_PORT_FILE": portFile, "DUBAN_FAKE_GATEWAY_LOG": "\(runDirectory)/sms.jsonl"]
                .merging(gatewayEnvironment) { _, added in added },
            logDirectory: runDirectory)
        gatewayPort = UInt16(try await Self.waitForFile(portFile, timeout: .seconds(30)).trimmingCharacters(in: .whitespacesAndNewlines))!

        if importRegistry { try importSampleRegistry() }
    }

    private func importSampleRegistry() throws {
        let bin = binDirectory
        let importer = Process()
        importer.executableURL = URL(fileURLWithPath: "\(bin)/duban-ctl")
        importer.arguments = ["registry", "import", "\(root)/data/registry/sample.json"]
        importer.environment = ["DUBAN_DATABASE_URL": databaseURL, "PATH": "/usr/bin:/bin"]
        importer.currentDirectoryURL = URL(fileURLWithPath: root)
        let importLog = "\(runDirectory)/import.log"
        _ = FileManager.default.createFile(atPath: importLog, contents: nil)
        importer.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: importLog))
        importer.standardOutput = FileHandle.nullDevice
        try importer.run()
        importer.waitUntilExit()
        guard importer.terminationStatus == 0 else {
            throw Failure(description: "registry import failed: \((try? String(contentsOfFile: importLog, encoding: .utf8)) ?? "")")
        }
    }

    func environment(for service: String, extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "DUBAN_DATABASE_URL": databaseURL,
            "DUBAN_KAFKA_BOOTSTRAP": bootstrap,
            // The test broker re-forms a group only after a session timeout; keep it short.
            "DUBAN_KAFKA_SESSION_TIMEOUT": "3s",
            "DUBAN_OPS_PORT": "0",
            "DUBAN_OPS_PORT_FILE": "\(runDirectory)/\(service).ops.port",
            "DUBAN_LOG_LEVEL": "info",
            "PATH": "/usr/bin:/bin",
        ]
        switch service {
        case "ingest":
            environment["DUBAN_INGEST_PORT"] = "0"
            environment["DUBAN_INGEST_PORT_FILE"] = "\(runDirectory)/ingest.port"
        case "notify":
            environment["DUBAN_SMS_GATEWAY_URL"] = "http://127.0.0.1:\(gatewayPort)/sms"
        case "dispatch":
            environment["DUBAN_SUPERVISION_RULES"] = "\(root)/data/supervision/rules.json"
            environment["DUBAN_SUPERVISION_HOLIDAYS"] = "\(root)/data/supervision/holidays.json"
            environment["DUBAN_DISPATCH_SIGNING_SEED"] = Self.dispatchSigningSeed
        default: break
        }
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Starts (or restarts) a service and waits until its /readyz answers 200.
    func startService(_ service: String, extra: [String: String] = [:]) async throws {
        try? FileManager.default.removeItem(atPath: "\(runDirectory)/\(service).ops.port")
        let process = try ManagedProcess(name: service, executable: "\(binDirectory)/duban-\(service)",
                                         environment: environment(for: service, extra: extra), logDirectory: runDirectory)
        bookkeeping.withLock { processes[service] = process }
        let port = UInt16(try await Self.waitForFile("\(runDirectory)/\(service).ops.port", timeout: .seconds(60), while: process)
            .trimmingCharacters(in: .whitespacesAndNewlines))!
        bookkeeping.withLock { opsPorts[service] = port }
        if service == "ingest" {
            ingestPort = UInt16(try await Self.waitForFile("\(runDirectory)/ingest.port", timeout: .seconds(30), while: process)
                .trimmingCharacters(in: .whitespacesAndNewlines))!
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let (status, _) = try? await Self.get("http://127.0.0.1:\(port)/readyz"), status == 200 { return }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw Failure(description: "duban-\(service) did not become ready:\n\(process.log().suffix(3000))")
    }

    func startAllServices() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for service in Self.serviceNames { group.addTask { try await self.startService(service) } }
            try await group.waitForAll()
        }
    }

    func process(_ name: String) -> ManagedProcess? { bookkeeping.withLock { processes[name] } }

    func stop() {
        for name in Self.serviceNames.reversed() { processes[name]?.terminate() }
        processes["gateway"]?.terminate()
        if let broker = brokerProcess { kill(broker.pid, SIGCONT); broker.terminate() }
    }

    /// Every SMS request the fake gateway received, in order (duplicates included).
    func smsReceived() async throws -> [[String: Any]] {
        let (_, body) = try await Self.get("http://127.0.0.1:\(gatewayPort)/received")
        return (try JSONSerialization.jsonObject(with: body) as? [[String: Any]]) ?? []
    }

    func sql(_ query: String) throws -> String { try Self.psql(databaseURL, query) }

    /// POSTs `body` to a service's ops HTTP server (e.g. a provider receipt to Notify).
    func post(_ service: String, path: String, body: Data) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(opsPorts[service] ?? 0)\(path)")!, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    func count(_ query: String) throws -> Int { Int(try sql(query).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1 }

    /// Polls `condition` until it is true or the timeout passes.
    func eventually(_ what: String, timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if (try? await condition()) == true { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        let logs = processes.map { "--- \($0.key)\n\($0.value.log().suffix(2000))" }.joined(separator: "\n")
        throw Failure(description: "timed out waiting for \(what)\n\(logs)")
    }

    static func psql(_ url: String, _ query: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [url, "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", query]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "psql failed: \(String(decoding: errorData, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func get(_ url: String) async throws -> (Int, Data) {
        let (data, response) = try await URLSession.shared.data(for: URLRequest(url: URL(string: url)!, timeoutInterval: 5))
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    static func waitForFile(_ path: String, timeout: Duration, while process: ManagedProcess? = nil) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), text.hasSuffix("\n") || !text.isEmpty { return text }
            if let process, !process.isRunning {
                throw Failure(description: "\(process.name) exited before writing \(path):\n\(process.log().suffix(3000))")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(description: "\(path) did not appear within \(timeout)")
    }
}
