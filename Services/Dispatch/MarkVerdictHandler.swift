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
/// finding with an open order of the same outlet and type. A `consistent` verdict opens nothing.
/// The enterprise's and outlet's names and place come from the registry: a verdict on an outlet
/// the registry does not know at that time is dead-lettered.
struct MarkVerdictHandler: Sendable {
    let ledger: OrderLedger
    let logger: Logger

    func handle(_ db: isolated Database, _ record: ConsumedRecord, _ envelope: CloudEvent<AnyPayload>) async throws {
        guard envelope.type == EventType.markVerdict else { return }
        let verdict: MarkVerdict
        do { verdict = try CloudEvent<MarkVerdict>.decode(record.value).data } catch {
            throw HandlingError.permanent("mark verdict does not decode: \(error)")
        }
        guard let finding = Self.finding(verdict) else { return }
        let now = Date()
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

    /// The verdict as the rules see it; nil for `consistent`.
    static func finding(_ verdict: MarkVerdict) -> Finding? {
        let type: OrderType
        switch verdict.kind {
        case .consistent: return nil
        case .suspectedFalse: type = .suspectedFalseMark
        case .wrong: type = .suspectedWrongMark
        case .missed: type = .suspectedMissedMark
        }
        return Finding(id: "verdict:\(verdict.id)", version: 1, type: type, detail: verdict.ruleId, enterpriseId: verdict.enterpriseId,
                       outletId: verdict.outletId, monitoringPoint: verdict.mn, start: verdict.start, end: verdict.end, ongoing: false,
                       summaryZh: "\(verdict.kind.nameZh)：\(verdict.messageZh)")
    }
}
