import Foundation
import Pipeline
import Registry
import Runtime

/// Portal: the HTTP API for enterprises and bureaus. Until its issue lands this process serves
/// only the ops endpoints (/healthz, /readyz, /metrics) on its port.
@main
struct PortalMain {
    static func main() async {
        do {
            let host = try await ServiceHost.start(name: "portal", defaultOpsPort: 9106, migrators: [RegistrySchema.migrator])
            await host.run([], opsServer: try host.opsServer())
        } catch {
            Logger(label: "duban.portal").critical("cannot start", metadata: ["error": "\(error)"])
            exit(1)
        }
    }
}
