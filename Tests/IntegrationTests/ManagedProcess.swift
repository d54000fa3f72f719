import Foundation

/// A child process started by a test: environment, stderr to a log file, stop with SIGTERM or
/// SIGKILL, always reaped.
final class ManagedProcess: @unchecked Sendable {
    // @unchecked Sendable: `process` is only mutated at init; Foundation.Process is thread-safe for
    // terminate/wait as used here.
    let name: String
    let logPath: String
    private let process: Process

    init(name: String, executable: String, arguments: [String] = [], environment: [String: String], logDirectory: String,
         stdoutPath: String? = nil) throws {
        self.name = name
        logPath = "\(logDirectory)/\(name).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        // Never the test run's own standard input: a service must not hold CI's pipe open.
        process.standardInput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        if let stdoutPath {
            _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        } else {
            process.standardOutput = FileHandle.nullDevice
        }
        try process.run()
    }

    var isRunning: Bool { process.isRunning }
    var pid: Int32 { process.processIdentifier }

    /// SIGTERM and wait (graceful); returns the exit status.
    @discardableResult
    func terminate(timeout: Duration = .seconds(30)) -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        return process.terminationStatus
    }

    /// SIGKILL: the process gets no chance to clean up.
    func kill9() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func log() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}
