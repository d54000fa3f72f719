import HJ212
import Net
import Runtime

/// Ingest's own settings (the common ones are read by `ServiceHost`).
///
/// `DUBAN_INGEST_HOST` (default 127.0.0.1; 0.0.0.0 in containers), `DUBAN_INGEST_PORT` (default
/// 9212; 0 picks a free port, written to `DUBAN_INGEST_PORT_FILE` if set), `DUBAN_INGEST_MAX_CONNECTIONS` (10000), `DUBAN_INGEST_MAX_PER_PEER` (10000),
/// `DUBAN_INGEST_IDLE_TIMEOUT` (10m), `DUBAN_INGEST_MAX_FRAME_BYTES` (10015: the largest frame a
/// 4-digit length allows), `DUBAN_INGEST_MAX_QUEUED_FRAMES` (frames waiting for Kafka per
/// connection before reading pauses; 32), `DUBAN_INGEST_AUTH` (`registry` or `off`; default registry),
/// `DUBAN_INGEST_MAX_CLOCK_SKEW` (5m: a device whose QN time is further off gets its time set with
/// 1012), `DUBAN_INGEST_FUTURE_TOLERANCE` (10m: DataTime later than now by more is flagged),
/// `DUBAN_INGEST_PAST_LIMIT` (30 days: DataTime older is flagged), `DUBAN_INGEST_KEY_RETENTION_DAYS`
/// (93, 7…3660: how long a data identity is kept to recognise the data sent again; whole UTC months are dropped).
struct IngestConfiguration: Sendable {
    var tcp: TCPServerConfiguration
    var maxFrameBytes: Int
    var maxQueuedFrames: Int
    var authenticate: Bool
    var maxClockSkew: Duration
    var futureTolerance: Duration
    var pastLimit: Duration
    /// Days a data identity is kept (`DataKeyPartitions`).
    var keyRetentionDays: Int
    /// Connections for the data-identity lookups and inserts (`DUBAN_INGEST_DB_CONNECTIONS`, 4).
    var databaseConnections: Int
    /// What a device is told when it first sends on a new connection (`DUBAN_INGEST_DEVICE_SETUP`).
    var deviceSetup: DeviceSetup?

    /// `DUBAN_INGEST_DEVICE_SETUP` (on/off, default on): on a device's first frame on a connection
    /// the platform sets its time (1012), reply timeout and retries (1000:
    /// `DUBAN_INGEST_DEVICE_OVERTIME` 10 s, `DUBAN_INGEST_DEVICE_RECOUNT` 3), real-time interval
    /// (1062: `DUBAN_INGEST_DEVICE_RTD_INTERVAL`, 30 s) and minute interval (1064:
    /// `DUBAN_INGEST_DEVICE_MINUTE_INTERVAL`, 10 min), as hj212.md recommends.
    struct DeviceSetup: Sendable {
        var overTimeSeconds: Int
        var reCount: Int
        var realtimeIntervalSeconds: Int
        var minuteIntervalMinutes: Int
    }

    init(environment: Environment) throws {
        let host = environment.string("DUBAN_INGEST_HOST", default: "127.0.0.1")
        let port = try environment.port("DUBAN_INGEST_PORT", default: 9212)
        tcp = TCPServerConfiguration(
            host: host, port: port,
            maxConnections: try environment.int("DUBAN_INGEST_MAX_CONNECTIONS", default: 10_000, in: 1...1_000_000),
            maxConnectionsPerPeer: try environment.int("DUBAN_INGEST_MAX_PER_PEER", default: 10_000, in: 1...1_000_000),
            idleTimeout: try environment.duration("DUBAN_INGEST_IDLE_TIMEOUT", default: .seconds(600)))
        maxFrameBytes = try environment.int("DUBAN_INGEST_MAX_FRAME_BYTES", default: DecodeOptions.largestFrame, in: 64...DecodeOptions.largestFrame)
        maxQueuedFrames = try environment.int("DUBAN_INGEST_MAX_QUEUED_FRAMES", default: 32, in: 1...10_000)
        databaseConnections = try environment.int("DUBAN_INGEST_DB_CONNECTIONS", default: 4, in: 1...64)
        // At least a week: open gaps (given up after 72 h) are counted from the stored identities.
        keyRetentionDays = try environment.int("DUBAN_INGEST_KEY_RETENTION_DAYS", default: 93, in: 7...3660)
        deviceSetup = try environment.bool("DUBAN_INGEST_DEVICE_SETUP", default: true) ? DeviceSetup(
            overTimeSeconds: try environment.int("DUBAN_INGEST_DEVICE_OVERTIME", default: 10, in: 1...600),
            reCount: try environment.int("DUBAN_INGEST_DEVICE_RECOUNT", default: 3, in: 0...10),
            realtimeIntervalSeconds: try environment.int("DUBAN_INGEST_DEVICE_RTD_INTERVAL", default: 30, in: 30...3600),
            minuteIntervalMinutes: try environment.int("DUBAN_INGEST_DEVICE_MINUTE_INTERVAL", default: 10, in: 1...60)) : nil
        maxClockSkew = try environment.duration("DUBAN_INGEST_MAX_CLOCK_SKEW", default: .seconds(300))
        futureTolerance = try environment.duration("DUBAN_INGEST_FUTURE_TOLERANCE", default: .seconds(600))
        pastLimit = try environment.duration("DUBAN_INGEST_PAST_LIMIT", default: .seconds(30 * 86_400))
        switch environment.string("DUBAN_INGEST_AUTH", default: "registry") {
        case "registry": authenticate = true
        case "off": authenticate = false
        case let other: throw ConfigurationError(variable: "DUBAN_INGEST_AUTH", expected: "registry or off", found: other)
        }
    }
}
