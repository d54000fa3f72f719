import Testing

/// Every test that needs PostgreSQL lives in a suite nested in this one, so one server serves
/// them all and is stopped at the end.
@Suite(.postgresCluster, .timeLimit(.minutes(5)))
struct StoreTests {}
