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
final class DataKeyPartitions: Sendable {
    /// Months known to have their partition (UTC `year * 12 + month - 1`).
    private let known = Locked<Set<Int>>([])
    let retentionDays: Int

    init(retentionDays: Int) {
        precondition(retentionDays > 0, "retention must be at least a day")
        self.retentionDays = retentionDays
    }

    /// Identities with a DataTime before this are dropped.
    func cutoff(now: Date) -> Date { now.addingTimeInterval(-Double(retentionDays) * 86_400) }

    /// Makes the partitions that identities of these DataTimes need, once per month and process.
    func prepare(_ dataTimes: some Sequence<Date>, on database: Database, now: Date = Date()) async throws {
        let kept = Self.month(of: cutoff(now: now))...(Self.month(of: now) + 1)
        var needed = Set<Int>()
        for dataTime in dataTimes {
            let month = Self.month(of: dataTime)
            if kept.contains(month) { needed.insert(month) }
        }
        guard !needed.isEmpty else { return }
        let missing = known.withLock { needed.subtracting($0) }
        for month in missing.sorted() {
            try await database.execute("SELECT ingest.ensure_key_partition(\(Self.start(ofMonth: month)))")
            known.withLock { _ = $0.insert(month) }
        }
    }

    /// Drops the months wholly before the cut-off and the default partition's rows before it;
    /// returns the number of months dropped.
    func prune(on database: Database, now: Date = Date()) async throws -> Int {
        let cutoff = cutoff(now: now)
        let dropped = try await database.query("SELECT ingest.drop_key_partitions(\(cutoff)) AS dropped")[0].decode("dropped", as: Int.self)
        let firstKept = Self.month(of: cutoff)
        known.withLock { $0 = $0.filter { $0 >= firstKept } }
        return dropped
    }

    /// The UTC month of an instant as `year * 12 + month - 1`.
    static func month(of instant: Date) -> Int {
        let day = CivilDate(daysSinceEpoch: Int((instant.timeIntervalSince1970 / 86_400).rounded(.down)))
        return day.year * 12 + day.month - 1
    }

    /// The first instant (UTC) of a month given as `year * 12 + month - 1`.
    static func start(ofMonth month: Int) -> Date {
        let (year, index) = month.quotientAndRemainder(dividingBy: 12)
        let first = CivilDate(year: year, month: index + 1, day: 1)!
        return Date(timeIntervalSince1970: Double(first.daysSinceEpoch) * 86_400)
    }
}

extension DataKeyPartitions {
    /// Prunes now and then every `interval`, logging what it dropped; a failure is logged and tried
    /// again at the next turn (identities kept a while longer harm nothing).
    func pruneRegularly(on database: Database, every interval: Duration = .seconds(3600), logger: Logger) async {
        while !Task.isCancelled {
            do {
                let dropped = try await prune(on: database)
                if dropped > 0 {
                    logger.notice("data identities past their retention dropped", metadata: [
                        "months": "\(dropped)", "retention.days": "\(retentionDays)",
                    ])
                }
            } catch {
                logger.error("cannot drop data identities past their retention; trying again later", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
