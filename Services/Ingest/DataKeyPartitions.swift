import Domain
import Foundation
import Runtime
import Store

/// `ingest.data_keys` is range-partitioned by the UTC month of DataTime (`data_keys_m202611`), so
/// identities older than the retention end with one `DROP TABLE` per month instead of deleting
/// rows. A month's partition is made when its first identity is stored, for months inside the kept
/// window (from the retention's cut-off to the month after this one). Identities outside it (past
/// the retention, or dated further ahead: a wrong clock) go to the default partition
/// `data_keys_outside`, so a device cannot create a partition for every month it names; a month's
/// partition takes over the rows the default holds for it when it is made.
///
/// Partitions serve the retention, not the duplicate check: the parent table answers lookups and
/// inserts whichever partition holds a row. So a partition that cannot be made now (two instances
/// racing at a month's edge, a lock timeout) is logged and tried again with the next batch while
/// the identities go to the default partition.
final class DataKeyPartitions: Sendable {
    /// Months known to have their partition.
    private let known = Locked<Set<UTCMonth>>([])
    private let logger: Logger
    let retentionDays: Int
    private let failures = MetricsRegistry.shared.counter(
        "duban_ingest_data_key_partition_failures_total", help: "Monthly partitions of ingest.data_keys that could not be made or dropped")

    init(retentionDays: Int, logger: Logger) {
        precondition(retentionDays > 0, "retention must be at least a day")
        self.retentionDays = retentionDays
        self.logger = logger
    }

    /// Identities with a DataTime before this are dropped.
    func cutoff(now: Date) -> Date { now.addingTimeInterval(-Double(retentionDays) * 86_400) }

    /// The months whose partitions are made as identities arrive.
    func keptMonths(now: Date) -> ClosedRange<UTCMonth> {
        UTCMonth(containing: cutoff(now: now))...UTCMonth(containing: now).advanced(by: 1)
    }

    /// Makes the partitions that identities of these DataTimes need, once per month and process.
    func prepare(_ dataTimes: some Sequence<Date>, on database: Database, now: Date = Date()) async {
        let kept = keptMonths(now: now)
        var needed = Set<UTCMonth>()
        for dataTime in dataTimes {
            let month = UTCMonth(containing: dataTime)
            if kept.contains(month) { needed.insert(month) }
        }
        guard !needed.isEmpty else { return }
        let missing = known.withLock { needed.subtracting($0) }
        for month in missing.sorted() {
            do {
                try await database.execute("SELECT ingest.ensure_key_partition(\(month.start))")
                known.withLock { _ = $0.insert(month) }
            } catch {
                failures.increment()
                logger.warning("partition of ingest.data_keys not made; its identities go to the default partition until it is",
                               metadata: ["month": "\(month)", "error": "\(error)"])
            }
        }
    }

    /// Drops the months that end at or before the cut-off and the default partition's rows dated
    /// or stored before it; returns the number of months dropped.
    func prune(on database: Database, now: Date = Date()) async throws -> Int {
        let cutoff = cutoff(now: now)
        let dropped = try await database.query("SELECT ingest.drop_key_partitions(\(cutoff)) AS dropped")[0].decode("dropped", as: Int.self)
        let firstKept = UTCMonth(containing: cutoff)
        known.withLock { $0 = $0.filter { $0 >= firstKept } }
        return dropped
    }

    /// `prune`, logging what it dropped or why it could not (identities kept a while longer harm
    /// nothing; the next turn tries again).
    func pruneLogged(on database: Database) async {
        do {
            let dropped = try await prune(on: database)
            if dropped > 0 {
                logger.notice("data identities past their retention dropped", metadata: [
                    "months": "\(dropped)", "retention.days": "\(retentionDays)",
                ])
            }
        } catch {
            failures.increment()
            logger.error("cannot drop data identities past their retention; trying again later", metadata: ["error": "\(error)"])
        }
    }
}
