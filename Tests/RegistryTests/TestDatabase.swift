import Foundation
import Glibc
import Runtime
import Store
import Registry

/// A fresh PostgreSQL database per test: on the server named by `DUBAN_TEST_DATABASE_URL`, else on
/// a private cluster this test process starts with scripts/postgres.sh and stops when it exits.
enum TestDatabase {
    /// URL of a database on the server, used to create and drop the per-test databases.
    static let serverURL: String = {
        if let url = ProcessInfo.processInfo.environment["DUBAN_TEST_DATABASE_URL"], !url.isEmpty { return url }
        return PrivateCluster.start()
    }()

    /// Creates an empty database, applies the registry migrations, runs `body`, drops it.
    static func withDatabase<T: Sendable>(_ body: (Database) async throws -> T) async throws -> T {
        let name = "registry_test_\(UUID().uuidString.prefix(8).lowercased())"
        let admin = try await connect(serverURL)
        try await admin.execute("CREATE DATABASE \(identifier: name)")
        let database = try await connect(url(serverURL, database: name))
        do {
            try await RegistrySchema.migrator.apply(on: database)
            let result = try await body(database)
            await database.close()
            try await admin.execute("DROP DATABASE \(identifier: name)")
            await admin.close()
            return result
        } catch {
            await database.close()
            _ = try? await admin.execute("DROP DATABASE \(identifier: name)")
            await admin.close()
            throw error
        }
    }

    static func connect(_ url: String) async throws -> Database {
        try await Database.connect(DatabaseConfiguration(url: url, applicationName: "registry-tests"),
                                   logger: Logger(label: "registry-tests", level: .warning))
    }

    /// `url` with its database name replaced.
    static func url(_ url: String, database: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + database
        return components.string ?? url
    }
}

/// A PostgreSQL cluster private to this test process, in a temporary folder.
enum PrivateCluster {
    nonisolated(unsafe) static var folder: String?

    static func start() -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("duban-registry-tests-\(UUID().uuidString.prefix(8))").path
        let output = run(["start", folder])
        guard output.status == 0, let url = output.stdout.split(separator: "\n").last.map(String.init), url.hasPrefix("postgresql://") else {
            fatalError("scripts/postgres.sh start failed (\(output.status)): \(output.stderr)")
        }
        Self.folder = folder
        // Stop the cluster when the test process ends, however the tests went.
        atexit {
            if let folder = PrivateCluster.folder {
                _ = PrivateCluster.run(["stop", folder])
                try? FileManager.default.removeItem(atPath: folder)
            }
        }
        return url
    }

    /// Runs scripts/postgres.sh with posix_spawn and waitpid (Foundation's Process can miss the
    /// exit of a child whose own child, the server, lives on). Output goes to files, not pipes:
    /// the server inherits the descriptors, so a pipe would never reach end-of-file.
    static func run(_ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("postgres-sh-\(UUID().uuidString.prefix(8))").path
        let (outPath, errPath) = (base + ".out", base + ".err")
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/postgres.sh").path
        let argv = ["/bin/bash", script] + arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, "/bin/bash", &actions, nil, &cArguments, environ)
        guard spawned == 0 else { return (-1, "", "posix_spawn failed: \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS are macros: decode the status word by hand.
        let exited = status & 0x7f == 0
        return (exited ? (status >> 8) & 0xff : -1, stdout, stderr)
    }
}
