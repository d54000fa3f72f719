import Runtime

/// The Prometheus counters of one `Database`, labelled with its application name (the registry
/// hands out the same handle for the same name and labels, so connections of one service share
/// them).
struct DatabaseMetrics: Sendable {
    let connects: Counter
    let connectFailures: Counter
    let connectionsLost: Counter
    let statementErrors: Counter

    init(application: String, registry: MetricsRegistry = .shared) {
        let labels = ["application": application]
        connects = registry.counter("duban_store_connects_total", help: "PostgreSQL connections opened (first and reconnects)", labels: labels)
        connectFailures = registry.counter("duban_store_connect_failures_total", help: "Failed PostgreSQL connection attempts", labels: labels)
        connectionsLost = registry.counter("duban_store_connections_lost_total", help: "PostgreSQL connections found broken", labels: labels)
        statementErrors = registry.counter("duban_store_statement_errors_total", help: "Statements the server refused", labels: labels)
    }
}
