public import Runtime

/// The ops endpoints every Duban process serves: `/healthz` (the process is alive), `/readyz`
/// (ready only when each dependency check passes), `/metrics` (Prometheus text).
public enum OpsRoutes {
    /// A named readiness check, e.g. "kafka" or "postgres".
    public struct Check: Sendable {
        public let name: String
        public let probe: @Sendable () async -> Bool
        public init(_ name: String, probe: @escaping @Sendable () async -> Bool) {
            self.name = name
            self.probe = probe
        }
    }

    public static func install(into router: inout Router, checks: [Check], metrics: MetricsRegistry = .shared) {
        router.add("GET", "/healthz") { _ in .json("{\"status\":\"ok\"}") }
        router.add("GET", "/readyz") { _ in
            var results: [(String, Bool)] = []
            for check in checks { results.append((check.name, await check.probe())) }
            let ready = results.allSatisfy(\.1)
            let body = results.map { "\(JSONText.quoted($0.0)):\($0.1)" }.joined(separator: ",")
            return .json("{\"ready\":\(ready),\"checks\":{\(body)}}", status: ready ? 200 : 503)
        }
        router.add("GET", "/metrics") { _ in
            .text(metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }
}
