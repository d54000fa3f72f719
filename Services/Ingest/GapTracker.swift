import Foundation
import HJ212
import Runtime
import Store

/// Finds the periods a device skipped and asks for them again (补传). For each point and data
/// command with a fixed period (hourly 2061, daily 2031) it keeps the latest period seen; a jump
/// over missing periods opens a gap, and the device is sent a history pull (BeginTime/EndTime).
/// A gap is filled when every period in it has arrived, and given up after `maxRequests` pulls
/// or `giveUpAfter`. Gaps live in `ingest.gaps`, so they survive restarts.
struct GapTracker: Sendable {
    let database: Database
    let logger: Logger
    let maxRequests = 3
    let retryInterval: TimeInterval = 600
    let giveUpAfter: TimeInterval = 72 * 3600

    static let periods: [String: (seconds: TimeInterval, history: PlatformCommands.History)] = [
        "2061": (3600, .hourly), "2031": (86_400, .daily),
    ]

    struct PullRequest: Sendable {
        let gapId: Int64
        let cn: String
        let history: PlatformCommands.History
        let first: Date
        let last: Date
    }

    private let opened = MetricsRegistry.shared.counter("duban_ingest_gaps_opened_total", help: "Data gaps detected")
    private let filled = MetricsRegistry.shared.counter("duban_ingest_gaps_filled_total", help: "Data gaps filled by back-fill")
    private let givenUp = MetricsRegistry.shared.counter("duban_ingest_gaps_given_up_total", help: "Data gaps given up")

    /// Records a period that arrived; returns the history pulls to send to the device now.
    func record(mn: String, cn: String, period: Date) async throws -> [PullRequest] {
        guard let (seconds, history) = Self.periods[cn] else { return [] }
        return try await database.transaction { db in
            var pulls: [PullRequest] = []
            let progress = try await db.query("SELECT last_time FROM ingest.point_progress WHERE mn = \(mn) AND cn = \(cn) FOR UPDATE")
            if let last = try progress.first?.decode("last_time", as: Date.self) {
                if period.timeIntervalSince(last) > seconds * 1.5 {
                    let first = last.addingTimeInterval(seconds)
                    let lastMissing = period.addingTimeInterval(-seconds)
                    let rows = try await db.query("""
                        INSERT INTO ingest.gaps (mn, cn, first_period, last_period, state, requests, last_request)
                        VALUES (\(mn), \(cn), \(first), \(lastMissing), 'open', 1, now())
                        ON CONFLICT (mn, cn, first_period) DO NOTHING RETURNING id
                        """)
                    if let id = try rows.first?.decode("id", as: Int64.self) {
                        pulls.append(PullRequest(gapId: id, cn: cn, history: history, first: first, last: lastMissing))
                        opened.increment()
                    }
                }
                if period > last {
                    try await db.execute("UPDATE ingest.point_progress SET last_time = \(period) WHERE mn = \(mn) AND cn = \(cn)")
                }
            } else {
                try await db.execute("INSERT INTO ingest.point_progress (mn, cn, last_time) VALUES (\(mn), \(cn), \(period))")
            }
            // A back-filled period may complete an open gap.
            let open = try await db.query("""
                SELECT id, first_period, last_period, requests, last_request, created_at FROM ingest.gaps
                WHERE mn = \(mn) AND cn = \(cn) AND state = 'open' FOR UPDATE
                """)
            for gap in open {
                let id = try gap.decode("id", as: Int64.self)
                let first = try gap.decode("first_period", as: Date.self)
                let last = try gap.decode("last_period", as: Date.self)
                let expected = Int((last.timeIntervalSince(first) / seconds).rounded()) + 1
                let present = try await db.query("""
                    SELECT count(*)::bigint AS n FROM ingest.data_keys
                    WHERE mn = \(mn) AND cn = \(cn) AND data_time BETWEEN \(first) AND \(last)
                    """)[0].decode("n", as: Int64.self)
                if present >= expected {
                    try await db.execute("UPDATE ingest.gaps SET state = 'filled', closed_at = now() WHERE id = \(id)")
                    filled.increment()
                    logger.info("data gap filled", metadata: ["mn": mn, "cn": cn, "from": "\(first)", "to": "\(last)"])
                    continue
                }
                let requests = try gap.decode("requests", as: Int.self)
                let lastRequest = try gap.decode("last_request", as: Date?.self) ?? .distantPast
                let created = try gap.decode("created_at", as: Date.self)
                if requests >= maxRequests || Date().timeIntervalSince(created) > giveUpAfter {
                    if Date().timeIntervalSince(lastRequest) > retryInterval {
                        try await db.execute("UPDATE ingest.gaps SET state = 'given_up', closed_at = now() WHERE id = \(id)")
                        givenUp.increment()
                        logger.warning("data gap given up", metadata: ["mn": mn, "cn": cn, "from": "\(first)", "to": "\(last)", "requests": "\(requests)"])
                    }
                } else if Date().timeIntervalSince(lastRequest) > retryInterval {
                    try await db.execute("UPDATE ingest.gaps SET requests = requests + 1, last_request = now() WHERE id = \(id)")
                    pulls.append(PullRequest(gapId: id, cn: cn, history: history, first: first, last: last))
                }
            }
            return pulls
        }
    }
}
