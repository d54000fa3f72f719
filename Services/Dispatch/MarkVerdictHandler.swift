import Bus
import Domain
import Foundation
import Pipeline
import Registry
import Runtime
import Store

/// Turns Marking's reconciliation verdicts (`duban.marks`, `cn.duban.mark.verdict.v1`) into
/// orders: a suspected false, wrong or missed mark is a finding of that order type (the trigger
/// rules send it straight to dispatch: the enterprise must explain or correct), grouped like any
/// finding with an open order of the same outlet and type. A `consistent` verdict opens nothing;
/// on a later version of a mark it answers the suspected-false / wrong-mark findings raised
/// against the mark's earlier versions: each is withdrawn with the reason, which ends its order
/// when nothing else holds it (cancelled, or closed in handling after, per the state machine).
/// The enterprise's and outlet's names and place come from the registry: a verdict on an outlet
/// the registry does not know at that time is dead-lettered. Every verdict received is kept in
/// `dispatch.mark_verdicts_received` for evidence packages.
struct MarkVerdictHandler: Sendable {
    let ledger: OrderLedger
    let logger: Logger

    func handle(_ db: isolated Database, _ record: ConsumedRecord, _ envelope: CloudEvent<AnyPayload>) async throws {
        guard envelope.type == EventType.markVerdict else { return }
        let verdict = try record.event(MarkVerdict.self, "mark verdict").data
        let now = Date()
        // Every verdict is kept for evidence packages; its id fixes its content, so one already
        // kept is a redelivery, already applied in the transaction that kept it.
        let kept = try await db.query("""
            INSERT INTO dispatch.mark_verdicts_received (id, kind, mark_id, mark_version, enterprise_id, outlet_id, span_start, span_end,
                                                         body, received_at)
            VALUES (\(verdict.id), \(verdict.kind.rawValue), \(verdict.markId), \(verdict.markVersion), \(verdict.enterpriseId),
                    \(verdict.outletId), \(verdict.start), \(verdict.end), \(try JSONB(encoding: verdict)), \(now))
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """)
        guard !kept.isEmpty else {
            logger.info("mark verdict already received", metadata: ["verdict": "\(verdict.id)"])
            return
        }
        guard let finding = Finding(markVerdict: verdict) else {
            try await withdrawAnswered(by: verdict, at: now, in: db)
            return
        }
        guard let orderId = try await ledger.holder(of: finding, in: db) else {
            let registered = try await ledger.registry.outletContext(id: verdict.outletId, at: verdict.start)
            guard let registered, let location = ExceedanceHandler.location(registered) else {
                throw HandlingError.permanent("标记核查结论\(verdict.id)的排口\(verdict.outletId)在\(ChinaTime.text(verdict.start))未登记或无行政区划，无法开具督办单")
            }
            try await ledger.open(finding, enterpriseName: registered.enterprise.name, industry: registered.enterprise.industry,
                                  outletName: registered.outlet.name, location: location, markingDeadline: nil, version: 1, at: now, in: db)
            return
        }
        guard let order = try await ledger.load(orderId, in: db) else { return }
        // A verdict is decided once: the same id again is a redelivery.
        if order.findings.contains(where: { $0.id == finding.id }) { return }
        switch order.handle(.addFinding(finding), by: .system(), at: now, context: try ledger.context(for: order)) {
        case .success(let outcome):
            try await ledger.record(outcome, previous: order, at: now, in: db)
        case .failure(let refusal):
            logger.notice("mark verdict not applied to its order", metadata: [
                "order": "\(order.number)", "verdict": "\(verdict.id)", "code": "\(refusal.code.rawValue)", "reason": "\(refusal.reasonZh)",
            ])
        }
    }

    /// Withdraws, from the outlet's open orders, every finding the consistent `verdict` answers.
    /// A redelivery finds them withdrawn already and changes nothing.
    private func withdrawAnswered(by verdict: MarkVerdict, at now: Date, in db: isolated Database) async throws {
        guard verdict.kind == .consistent, verdict.markId != nil else { return }
        let rows = try await db.query("""
            SELECT id FROM dispatch.orders
            WHERE enterprise_id = \(verdict.enterpriseId) AND outlet_id = \(verdict.outletId)
              AND cause IN (\(OrderType.suspectedFalseMark.rawValue), \(OrderType.suspectedWrongMark.rawValue))
              AND status NOT IN ('closed', 'cancelled') AND state IS NOT NULL
            ORDER BY opened_at
            """)
        let reason = Finding.correctionReasonZh(verdict)
        for row in rows {
            guard var order = try await ledger.load(try row.decode("id", as: String.self), in: db) else { continue }
            for answered in order.findings.filter({ $0.isAnswered(byCorrection: verdict) }) {
                let command = OrderCommand.withdrawFinding(id: answered.id, reason: reason)
                switch order.handle(command, by: .system(), at: now, context: try ledger.context(for: order)) {
                case .success(let outcome):
                    try await ledger.record(outcome, previous: order, at: now, in: db)
                    order = outcome.order
                    logger.info("corrected mark answers a mark-verdict finding", metadata: [
                        "order": "\(order.number)", "verdict": "\(verdict.id)", "finding": "\(answered.id)", "status": "\(order.status.rawValue)",
                    ])
                case .failure(let refusal):
                    logger.notice("consistent mark verdict not applied to its order", metadata: [
                        "order": "\(order.number)", "verdict": "\(verdict.id)", "code": "\(refusal.code.rawValue)", "reason": "\(refusal.reasonZh)",
                    ])
                }
                if order.status.isTerminal { break }
            }
        }
    }
}
