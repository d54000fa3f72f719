import Foundation
import Pipeline
import Registry
import Runtime

/// Marking: enterprise marks and their reconciliation (issue 6). Until that lands this process
/// runs the common service frame (configuration, migrations, ops endpoints, graceful shutdown)
/// and takes no work, so deployments and health checks are already in place.
@main
struct MarkingMain {
    static func main() async {
        do {
            let host = try await ServiceHost.start(name: "marking", defaultOpsPort: 9102, migrators: [RegistrySchema.migrator])
            await host.run([], opsServer: try host.opsServer())
        } catch {
            Logger(label: "duban.marking").critical("cannot start", metadata: ["error": "\(error)"])
            exit(1)
        }
    }
}
