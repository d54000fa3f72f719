/// How `Database` connects. Defaults suit a service on the same network as its PostgreSQL.
public struct DatabaseConfiguration: Sendable {
    /// `postgresql://user[:password]@host[:port]/database[?param=value…]` (libpq's URL form).
    public var url: String
    /// Shown in `pg_stat_activity.application_name`, e.g. `duban-judgment`.
    public var applicationName: String
    /// Limit for opening one connection (libpq counts whole seconds, at least 2). Default 10 s.
    public var connectTimeout: Duration
    /// How connection attempts are repeated at start and after the connection drops.
    public var reconnect: ReconnectPolicy
    /// Server-side limit for one statement (`statement_timeout`); nil leaves the server's setting.
    public var statementTimeout: Duration?

    public init(
        url: String, applicationName: String, connectTimeout: Duration = .seconds(10),
        reconnect: ReconnectPolicy = ReconnectPolicy(), statementTimeout: Duration? = nil
    ) {
        self.url = url
        self.applicationName = applicationName
        self.connectTimeout = connectTimeout
        self.reconnect = reconnect
        self.statementTimeout = statementTimeout
    }

    /// Exponential backoff between connection attempts: `initialDelay`, doubled each time up to
    /// `maxDelay`, with up to 20 % random jitter so replicas do not retry in step.
    public struct ReconnectPolicy: Sendable {
        /// Attempts per (re)connection before giving up with `connection_failed`. Default 8
        /// (about 12 s with the default delays).
        public var maxAttempts: Int
        /// Default 100 ms.
        public var initialDelay: Duration
        /// Default 5 s.
        public var maxDelay: Duration

        public init(maxAttempts: Int = 8, initialDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(5)) {
            self.maxAttempts = max(1, maxAttempts)
            self.initialDelay = initialDelay
            self.maxDelay = maxDelay
        }

        /// The wait after failed attempt number `attempt` (1-based).
        func delay(afterAttempt attempt: Int) -> Duration {
            var delay = initialDelay
            for _ in 1..<max(1, attempt) where delay < maxDelay { delay *= 2 }
            if delay > maxDelay { delay = maxDelay }
            return delay + delay * Double.random(in: 0...0.2)
        }
    }

    /// The one place that maps this configuration to libpq connection keywords. The session
    /// always uses UTC and ISO dates, which `Row` decoding relies on.
    func libpqSettings() -> [(keyword: String, value: String)] {
        var options = ["-c TimeZone=UTC", "-c DateStyle=ISO,YMD", "-c IntervalStyle=postgres", "-c bytea_output=hex"]
        if let statementTimeout {
            options.append("-c statement_timeout=\(Self.milliseconds(statementTimeout))")
        }
        return [
            ("dbname", url),
            ("application_name", applicationName),
            ("connect_timeout", String(max(2, Int(connectTimeout.components.seconds)))),
            ("client_encoding", "UTF8"),
            ("options", options.joined(separator: " ")),
        ]
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
