import Bus
import Domain
import Foundation
import Pipeline
import Registry
import Runtime
import Store

/// Turns Marking's yearly-allowance use (`duban.marks`, `cn.duban.mark.allowance.v1`) into
/// allowance-near-cap orders (标记时长接近年度上限): the finding carries the share used as the
/// trigger measure `allowanceShareUsed`, so the province's trigger rules decide whether (and at
/// which stage) an order opens; a use below every threshold opens nothing yet. A later, larger use
/// of the same outlet, type and year updates the order's finding.
struct AllowanceHandler: Sendable {
    let ledger: OrderLedger
    let logger: Logger

    func handle(_ db: isolated Database, _ record: ConsumedRecord, _ envelope: CloudEvent<AnyPayload>) async throws {
        guard envelope.type == EventType.markAllowance else { return }
        let use = try record.event(MarkAllowanceUse.self, "allowance use").data
        let finding = Self.finding(use)
        let now = Date()
        guard let orderId = try await ledger.holder(of: finding, in: db) else {
            try await open(use, finding, at: now, in: db)
            return
        }
        guard let order = try await ledger.load(orderId, in: db) else { return }
        if let known = order.findings.first(where: { $0.id == finding.id }), known.version >= finding.version { return }
        switch order.handle(.addFinding(finding), by: .system(), at: now, context: try ledger.context(for: order)) {
        case .success(let outcome):
            try await ledger.record(outcome, previous: order, at: now, in: db)
        case .failure(let refusal):
            logger.notice("allowance use not applied to its order", metadata: [
                "order": "\(order.number)", "allowance": "\(use.id)", "code": "\(refusal.code.rawValue)", "reason": "\(refusal.reasonZh)",
            ])
        }
    }

    private func open(_ use: MarkAllowanceUse, _ finding: Finding, at now: Date, in db: isolated Database) async throws {
        let registered = try await ledger.registry.outletContext(id: use.outletId, at: now)
        guard let registered, let location = ExceedanceHandler.location(registered) else {
            throw HandlingError.permanent("标记时长统计\(use.id)的排口\(use.outletId)未登记或无行政区划，无法开具督办单")
        }
        let facts = TriggerCondition.Facts(findings: [finding], markingDeadline: nil, current: nil, now: now)
        guard let ruleset = ledger.configuration.rules.ruleset(province: location.province, on: CivilDate(chinaTimeOf: now)),
              ruleset.trigger(for: finding)?.targetStage(facts) != nil else {
            logger.info("allowance use below every trigger; no order", metadata: [
                "allowance": "\(use.id)", "version": "\(use.version)", "share": "\(use.shareUsed)",
            ])
            return
        }
        try await ledger.open(finding, enterpriseName: registered.enterprise.name, industry: registered.enterprise.industry,
                              outletName: registered.outlet.name, location: location, markingDeadline: nil, version: use.version, at: now, in: db)
    }

    /// The use as the rules see it: the year so far, still growing.
    static func finding(_ use: MarkAllowanceUse) -> Finding {
        let yearStart = CivilDate(year: use.year, month: 1, day: 1)!.startInChina
        return Finding(
            id: use.id, version: use.version, type: .allowanceNearCap, detail: use.typeId, enterpriseId: use.enterpriseId,
            outletId: use.outletId, start: yearStart, end: max(yearStart.addingTimeInterval(1), use.computedAt), ongoing: true,
            value: use.hoursUsed, limit: use.yearlyCapHours, unit: "h", measures: [.allowanceShareUsed: use.shareUsed],
            summaryZh: use.summaryZh)
    }
}
