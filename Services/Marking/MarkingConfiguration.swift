import Domain
import Foundation
import Runtime

/// Marking's own configuration: the checks file (submission limits and reconciliation rules) and
/// how often unmarked stops are looked for.
///
/// Environment: `DUBAN_MARK_CHECKS` (default: data/catalogue/mark-checks.json under the working
/// directory, else under the nearest ancestor of the executable's folder that has one, as in a
/// source checkout),
/// `DUBAN_MARKING_SWEEP_INTERVAL` (default 10m: missed-mark sweep).
struct MarkingConfiguration: Sendable {
    let checks: MarkCheckCatalogue
    let path: String
    let sweepInterval: Duration

    static func load(_ environment: Runtime.Environment) throws -> MarkingConfiguration {
        let path = environment.optionalString("DUBAN_MARK_CHECKS") ?? defaultChecksPath()
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(variable: "DUBAN_MARK_CHECKS", expected: "a readable mark-checks.json", found: path)
        }
        let checks: MarkCheckCatalogue
        do { checks = try MarkCheckCatalogue.parse(data) } catch {
            throw ConfigurationError(variable: "DUBAN_MARK_CHECKS", expected: "a valid \(MarkCheckCatalogue.format) file", found: "\(path): \(error)")
        }
        let sweepInterval = try environment.duration("DUBAN_MARKING_SWEEP_INTERVAL", default: .seconds(600))
        return MarkingConfiguration(checks: checks, path: path, sweepInterval: sweepInterval)
    }

    private static func defaultChecksPath() -> String {
        let relative = "data/catalogue/\(MarkCheckCatalogue.fileName)"
        if FileManager.default.fileExists(atPath: relative) { return relative }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appending(path: relative).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            folder.deleteLastPathComponent()
        }
        return relative
    }
}
