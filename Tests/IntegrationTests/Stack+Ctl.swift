import Foundation

extension Stack {
    /// What one `duban-ctl` run gave.
    struct CtlRun {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs `duban-ctl` against this stack (its database and broker, the test signing seed, the
    /// repository's judgment rules) from the run directory; bounded to 40 s.
    func ctl(_ arguments: [String]) throws -> CtlRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "\(binDirectory)/duban-ctl")
        process.arguments = arguments
        process.environment = ["DUBAN_DATABASE_URL": databaseURL, "DUBAN_KAFKA_BOOTSTRAP": bootstrap,
                               "DUBAN_DISPATCH_SIGNING_SEED": Stack.dispatchSigningSeed,
                               "DUBAN_JUDGMENT_RULES": "\(root)/data/rules/judgment-rules.json", "PATH": "/usr/bin:/bin"]
        process.currentDirectoryURL = URL(fileURLWithPath: runDirectory)
        // Files, not pipes: a large output cannot block the process while we wait for it.
        let outputFile = "\(runDirectory)/ctl-\(UUID().uuidString.prefix(8))"
        _ = FileManager.default.createFile(atPath: outputFile + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: outputFile + ".err", contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputFile + ".out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: outputFile + ".err"))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(40)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            throw Failure(description: "duban-ctl \(arguments.joined(separator: " ")) did not finish within 40 s")
        }
        return CtlRun(status: process.terminationStatus, output: (try? String(contentsOfFile: outputFile + ".out", encoding: .utf8)) ?? "",
                      errors: (try? String(contentsOfFile: outputFile + ".err", encoding: .utf8)) ?? "")
    }

    /// `ctl`'s standard output; throws with its standard error when it exits non-zero.
    func ctlOutput(_ arguments: [String]) throws -> String {
        let run = try ctl(arguments)
        guard run.status == 0 else {
            throw Failure(description: "duban-ctl \(arguments.joined(separator: " ")) exited \(run.status): \(run.errors)")
        }
        return run.output
    }
}
