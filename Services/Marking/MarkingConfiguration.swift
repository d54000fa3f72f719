import Domain
import Foundation
import Runtime

/// Marking's own configuration: the checks file (submission limits and reconciliation rules) and
/// how often unmarked stops are looked for.
///
/// Environment: `DUBAN_MARK_CHECKS` (default data/catalogue/mark-checks.json),
/// `DUBAN_MARKING_SWEEP_INTERVAL` (default 10m: missed-mark sweep).
struct MarkingConfiguration: Sendable {
    let checks: MarkCheckCatalogue
    let sweepInterval: Duration

    static func load(_ environment: Runtime.Environment) throws -> MarkingConfiguration {
        let path = environment.string("DUBAN_MARK_CHECKS", default: "data/catalogue/\(MarkCheckCatalogue.fileName)")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(variable: "DUBAN_MARK_CHECKS", expected: "a readable mark-checks.json", found: path)
        }
        let checks: MarkCheckCatalogue
        do { checks = try MarkCheckCatalogue.parse(data) } catch {
            throw ConfigurationError(variable: "DUBAN_MARK_CHECKS", expected: "a valid \(MarkCheckCatalogue.format) file", found: "\(path): \(error)")
        }
        let sweepInterval = try environment.duration("DUBAN_MARKING_SWEEP_INTERVAL", default: .seconds(600))
        return MarkingConfiguration(checks: checks, sweepInterval: sweepInterval)
    }
}
