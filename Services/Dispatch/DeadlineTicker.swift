import Domain
import Foundation
import Runtime
import Store

/// The clock of the orders: every interval, sends `.tick` to each order whose `next_check` has
/// come (reminders, overdue escalation, dispatch → handling after by time), each in its own
/// transaction. Rows are claimed with `FOR UPDATE SKIP LOCKED`, so replicas share the work without
/// ticking one order twice at once; the rules' tick is idempotent and `next_check` moves on in
/// the same transaction, so a crash or restart neither loses nor repeats a step.
final class DeadlineTicker: Service {
    let name = "deadlines"
    private let ledger: OrderLedger
    private let database: Database
    private let interval: Duration
    private let logger: Logger
    private let stopped = AsyncLatch()
    private let ticked = MetricsRegistry.shared.counter("duban_dispatch_ticks_total", help: "Orders ticked for deadlines")

    init(ledger: OrderLedger, database: Database, interval: Duration, logger: Logger) {
        self.ledger = ledger
        self.database = database
        self.interval = interval
        self.logger = logger
    }

    func run() async throws {
        while !stopped.isOpen {
            do {
                while try await tickNextDue() {}
            } catch {
                logger.error("deadline check failed; retrying next interval", metadata: ["error": "\(error)"])
            }
            let next = ContinuousClock.now + interval
            while !stopped.isOpen, ContinuousClock.now < next { try? await Task.sleep(for: .milliseconds(200)) }
        }
    }

    func shutdown() async { stopped.open() }

    /// Ticks one due order; false when none is due.
    func tickNextDue(now: Date = Date()) async throws -> Bool {
        let retryDelay = max(1, Double(interval.components.seconds))
        return try await database.transaction { [ledger, logger, ticked] db in
            let due = try await db.query("""
                SELECT id FROM dispatch.orders
                WHERE next_check IS NOT NULL AND next_check <= \(now) AND state IS NOT NULL
                ORDER BY next_check LIMIT 1
                FOR UPDATE SKIP LOCKED
                """)
            guard let row = due.first else { return false }
            let id = try row.decode("id", as: String.self)
            // An order that can never be ticked (its state or ruleset unreadable) must not hold up
            // the others, which wait behind it in due order: it leaves the schedule, loudly.
            let order: SupervisionOrder
            let context: SupervisionContext
            do {
                guard let loaded = try await ledger.load(id, in: db) else { return false }
                order = loaded
                context = try ledger.context(for: loaded)
            } catch let error as DecodingError {
                try await db.execute("UPDATE dispatch.orders SET next_check = NULL WHERE id = \(id)")
                logger.critical("order state unreadable; removed from the deadline schedule", metadata: ["order": "\(id)", "error": "\(error)"])
                return true
            } catch let error as DispatchError {
                try await db.execute("UPDATE dispatch.orders SET next_check = NULL WHERE id = \(id)")
                logger.critical("order cannot be ticked; removed from the deadline schedule", metadata: ["order": "\(id)", "error": "\(error)"])
                return true
            }
            switch order.handle(.tick, by: .system(), at: now, context: context) {
            case .success(let outcome):
                try await ledger.record(outcome, previous: order, at: now, in: db)
                // A next moment not after now would spin on the order: look again one interval later.
                try await db.execute("""
                    UPDATE dispatch.orders SET next_check = \(now.addingTimeInterval(retryDelay)) WHERE id = \(id) AND next_check <= \(now)
                    """)
                ticked.increment()
                if !outcome.events.isEmpty {
                    logger.info("deadline step", metadata: ["order": "\(order.number)", "events": "\(outcome.events.count)"])
                }
            case .failure(let refusal):
                try await db.execute("UPDATE dispatch.orders SET next_check = NULL WHERE id = \(id)")
                logger.error("tick refused; order left without a deadline check", metadata: [
                    "order": "\(order.number)", "code": "\(refusal.code.rawValue)", "reason": "\(refusal.reasonZh)",
                ])
            }
            return true
        }
    }
}
