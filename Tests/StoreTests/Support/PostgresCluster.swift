import Foundation
import Testing

/// The PostgreSQL server the tests use: `DUBAN_TEST_DATABASE_URL` when set, otherwise a private
/// cluster started with `scripts/postgres.sh` in a temporary folder for the duration of the
/// suite (stopped and removed afterwards).
struct PostgresCluster: SuiteTrait, TestScoping {
    @TaskLocal static var url: String?

    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        if let url = Self.url {
            // Already inside the scope (a nested suite): reuse it.
            try await Self.$url.withValue(url) { try await function() }
            return
        }
        if let url = ProcessInfo.processInfo.environment["DUBAN_TEST_DATABASE_URL"], !url.isEmpty {
            try await Self.$url.withValue(url) { try await function() }
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("duban-store-tests-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer {
            _ = try? Self.runScript(["stop", folder.path])
            try? FileManager.default.removeItem(at: folder)
        }
        let url = try Self.runScript(["start", folder.path]).trimmingCharacters(in: .whitespacesAndNewlines)
        try await Self.$url.withValue(url) { try await function() }
    }

    /// scripts/postgres.sh, found from this file's path (resolving the symlinks of a dev package).
    static var script: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/postgres.sh")
    }

    struct ScriptFailed: Error, CustomStringConvertible {
        let arguments: [String]
        let status: Int32
        let output: String
        var description: String { "scripts/postgres.sh \(arguments.joined(separator: " ")) exited \(status): \(output)" }
    }

    /// Runs the script with posix_spawn and waitpid (Foundation.Process can miss the child's exit
    /// inside the test runner), its output going to temporary files.
    static func runScript(_ arguments: [String]) throws -> String {
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("pgscript-\(UUID().uuidString).out")
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("pgscript-\(UUID().uuidString).err")
        defer {
            try? FileManager.default.removeItem(at: outputFile)
            try? FileManager.default.removeItem(at: errorFile)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ["/bin/bash", script.path] + arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/bash", &actions, nil, &cArguments, environ)
        guard spawned == 0 else {
            throw ScriptFailed(arguments: arguments, status: -1, output: "posix_spawn failed: \(spawned)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        guard exitCode == 0 else {
            throw ScriptFailed(arguments: arguments, status: exitCode, output: errors)
        }
        return output
    }
}

extension Trait where Self == PostgresCluster {
    /// Runs the suite against a real PostgreSQL server (see `PostgresCluster`).
    static var postgresCluster: PostgresCluster { PostgresCluster() }
}
