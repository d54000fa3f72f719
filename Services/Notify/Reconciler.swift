import Channels
import Domain
import Foundation
import Pipeline
import Runtime
import Store

/// Asks the provider about attempts that were accepted but have no final receipt, at the
/// checkpoints of the `ReconciliationSchedule` (10 min, 1 h, 24 h, 72 h after submission); what
/// it learns is stored like a pushed receipt (channels without a status query, WeChat, just wait
/// for their push). After the last checkpoint the attempt is marked
/// `unknown`, visibly: a warning log, `duban_notify_unknown_total`, and a delivery event.
final class Reconciler: Service {
    let name = "reconciler"
    private let database: Database
    private let channels: [DeliveryChannel]
    private let schedule: ReconciliationSchedule
    private let transport: ChannelTransport
    private let receipts: ReceiptEndpoints
    private let logger: Logger
    private let stopping = AsyncLatch()
    private let finished = AsyncLatch()
    private let outbox = Outbox(schema: NotifySchema.name)
    private let queries = MetricsRegistry.shared.counter("duban_notify_reconciliation_queries_total", help: "status queries for attempts without a receipt")
    private let unknown = MetricsRegistry.shared.counter("duban_notify_unknown_total", help: "attempts marked unknown after the last reconciliation check")

    init(database: Database, channels: [DeliveryChannel], schedule: ReconciliationSchedule, transport: ChannelTransport, receipts: ReceiptEndpoints, logger: Logger) {
        self.database = database
        self.channels = channels
        self.schedule = schedule
        self.transport = transport
        self.receipts = receipts
        self.logger = logger
    }

    /// `10m,1h,24h,72h` → the schedule; each entry a duration `Environment` accepts.
    static func schedule(parsing text: String) -> ReconciliationSchedule? {
        let durations = text.split(separator: ",").map { Environment.parseDuration($0.trimmingCharacters(in: .whitespaces)) }
        guard !durations.isEmpty, durations.allSatisfy({ $0 != nil && $0! > .zero }) else { return nil }
        return ReconciliationSchedule(checkpoints: durations.compactMap { $0 })
    }

    func run() async throws {
        defer { finished.open() }
        while !stopping.isOpen {
            do { try await reconcileDue() } catch {
                logger.warning("reconciliation round failed; retrying", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
    }

    func shutdown() async {
        stopping.open()
        await finished.wait()
    }

    private func reconcileDue() async throws {
        let rows = try await database.query("""
            SELECT a.id, a.provider, a.out_id, a.biz_id, a.text, a.created_at, a.reconciliation_checks, n.phone, n.order_number
            FROM notify.attempts a JOIN notify.notifications n ON n.id = a.notification_id
            WHERE a.status = 'submitted' AND (a.next_check_at IS NULL OR a.next_check_at <= now())
            ORDER BY a.id LIMIT 100
            """)
        for row in rows where !stopping.isOpen {
            let attemptId = try row.decode("id", as: Int64.self)
            let orderNumber = try row.decode("order_number", as: String.self)
            let outId = try row.decode("out_id", as: String.self)
            let submittedAt = try row.decode("created_at", as: Date.self)
            let checks = try row.decode("reconciliation_checks", as: Int.self)
            switch schedule.next(submittedAt: submittedAt, checksDone: checks) {
            case .query(let at) where at > Date():
                try await database.execute("UPDATE notify.attempts SET next_check_at = \(at) WHERE id = \(attemptId)")
            case .query:
                try await check(attemptId: attemptId, orderNumber: orderNumber, outId: outId, provider: try row.decode("provider", as: String.self),
                                bizId: try row.decode("biz_id", as: String?.self), text: try row.decode("text", as: String.self),
                                phone: try row.decode("phone", as: String?.self) ?? "", submittedAt: submittedAt)
                try await database.execute("""
                    UPDATE notify.attempts SET reconciliation_checks = reconciliation_checks + 1, next_check_at = NULL WHERE id = \(attemptId)
                    """)
            case .markUnknown:
                try await database.transaction { [outbox] db in
                    _ = try await DeliveryLedger.apply(db, attemptId: attemptId, .init(status: .unknown, providerCode: "no_receipt"), outbox: outbox)
                }
                unknown.increment()
                logger.warning("no receipt after the last reconciliation check; attempt marked unknown", metadata: [
                    "order": orderNumber, "outId": outId, "checks": "\(checks)",
                ])
            }
        }
    }

    private func check(attemptId: Int64, orderNumber: String, outId: String, provider: String, bizId: String?, text: String,
                       phone: String, submittedAt: Date) async throws {
        guard let configured = channels.first(where: { $0.provider.rawValue == provider }) else {
            logger.warning("attempt's provider is no longer configured; cannot reconcile", metadata: ["order": orderNumber, "provider": provider])
            return
        }
        // WeChat has no status query: its TEMPLATESENDJOBFINISH push is the only receipt, and the
        // checkpoints only lead to `unknown` when it never comes.
        guard let channel = configured.statusQueryChannel else { return }
        queries.increment()
        do {
            let request = try channel.statusQueryRequest(phone: phone, outId: outId, providerMessageId: bizId, submittedAt: submittedAt,
                                                         at: Date(), nonce: SignatureNonce.make())
            switch try channel.parseStatusQuery(try await transport.send(request), outId: outId) {
            case .reports(let reports, _):
                if var mine = SendLookup(outId: outId, providerMessageId: bizId, content: text, notBefore: submittedAt).match(in: reports) {
                    if mine.outId == nil { mine.outId = outId }
                    try await receipts.store(mine)
                }
            case .failed(let outcome):
                logger.warning("reconciliation query refused", metadata: ["order": orderNumber, "outcome": "\(outcome)"])
            }
        } catch {
            logger.warning("reconciliation query failed", metadata: ["order": orderNumber, "error": "\(error)"])
        }
    }
}
