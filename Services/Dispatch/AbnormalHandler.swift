import Bus
import Domain
import Foundation
import Pipeline
import Registry
import Runtime
import Store

/// Turns abnormal-operation judgments (`cn.duban.judgment.abnormal.v1`) into orders and
/// inhibitions, inside the consumer's transaction:
/// - the finding (`Finding(abnormal:)`) opens, grows or leaves an order of its type (abnormal
///   operation, missing data, connection abnormal) as the trigger rules say; a fault gap within
///   the quarter's exemption opens none, and a finding that becomes exempted or is withdrawn
///   leaves its order with the reason;
/// - an equipment fault that stands inhibits the outlet's open orders it explains (the ruleset's
///   inhibition rules: an exceedance at that point in that period); once it is closed (resolved)
///   or withdrawn (rejected) the inhibition lifts. Exceedances found while it stands open
///   inhibited (`ExceedanceHandler`).
struct AbnormalHandler: Sendable {
    let ledger: OrderLedger
    let faults = EquipmentFaults()
    let logger: Logger

    func handle(_ db: isolated Database, _ record: ConsumedRecord, _ envelope: CloudEvent<AnyPayload>) async throws {
        guard envelope.type == EventType.abnormalOperation else { return }
        let judgment = try record.event(AbnormalOperationJudgment.self, "abnormal-operation event").data
        let now = Date()
        // Redeliveries are recognised by the fault record below, which also decides the inhibitions.
        _ = try await ledger.receive(id: judgment.id, version: judgment.version, type: envelope.type, status: judgment.status.rawValue,
                                     body: try JSONB(encoding: judgment), at: now, in: db)
        let finding = Self.finding(judgment)
        guard try await faults.record(judgment, as: finding, at: now, in: db) else {
            logger.info("abnormal-operation version already applied", metadata: ["judgment": judgment.id, "version": "\(judgment.version)"])
            return
        }
        try await place(judgment, finding, at: now, in: db)
        try await applyInhibition(judgment, finding, at: now, in: db)
    }

    /// The judgment as the trigger rules see it: `Finding(abnormal:)` with the gap's number in
    /// the quarter as `occurrencesInQuarter` (a second gap of the quarter goes to dispatch).
    static func finding(_ judgment: AbnormalOperationJudgment) -> Finding {
        var finding = Finding(abnormal: judgment)
        if let occurrence = judgment.occurrencesInQuarter { finding.measures[.occurrencesInQuarter] = Double(occurrence) }
        return finding
    }

    /// The finding's own order: updated where one holds it, else opened once a stage is reached.
    private func place(_ judgment: AbnormalOperationJudgment, _ finding: Finding, at now: Date, in db: isolated Database) async throws {
        let withdrawal: String? = judgment.status == .withdrawn ? "判定已撤回（第\(judgment.version)版）"
            : judgment.exemption.used ? "使用本季度故障缺失豁免（第\(judgment.version)版）" : nil
        guard try await !ledger.update(holderOf: finding, withdrawal: withdrawal, judgmentVersion: judgment.version, at: now, in: db),
              withdrawal == nil else { return }
        let registered = try await ledger.registry.outletContext(id: judgment.outletId, at: judgment.periodStart)
        guard let location = ExceedanceHandler.location(registered)
                ?? ExceedanceHandler.location(countyCode: judgment.countyCode, cityCode: judgment.cityCode) else {
            throw HandlingError.permanent(DispatchError.noJurisdiction(enterpriseId: judgment.enterpriseId).description)
        }
        // A finding below every stage's threshold (a 60-minute gap against "above 1 hour") opens
        // nothing yet: a later version may reach it.
        guard ledger.reachesStage(finding, location: location, at: now) else {
            logger.info("abnormal-operation finding reaches no trigger yet; no order", metadata: [
                "judgment": judgment.id, "version": "\(judgment.version)", "type": finding.type.rawValue,
            ])
            return
        }
        try await ledger.open(finding, enterpriseName: judgment.enterpriseName, industry: registered?.enterprise.industry,
                              outletName: judgment.outletName, location: location, markingDeadline: nil, version: judgment.version,
                              at: now, in: db)
    }

    /// Inhibits the open orders a standing fault explains; lifts its inhibition once it no longer stands.
    private func applyInhibition(_ judgment: AbnormalOperationJudgment, _ fault: Finding, at now: Date, in db: isolated Database) async throws {
        let rows = try await db.query("""
            SELECT state::text AS state FROM dispatch.orders
            WHERE enterprise_id = \(fault.enterpriseId) AND outlet_id = \(fault.outletId) AND state IS NOT NULL
              AND status NOT IN ('closed', 'cancelled')
            ORDER BY opened_at
            FOR UPDATE
            """)
        for row in rows {
            let order = try JSONB(try row.decode("state", as: String.self)).decode(SupervisionOrder.self)
            let command: OrderCommand
            if Finding.standsAsFault(judgment) {
                let ruleset = try ledger.context(for: order).ruleset
                guard !EpisodeGrouping.ordersExplained(by: fault, orders: [order], ruleset: ruleset).isEmpty else { continue }
                command = .inhibit(faultFindingId: fault.id, reason: "监测设备故障可解释本督办单所涉数据：\(fault.summaryZh)")
            } else {
                guard order.inhibitors.contains(fault.id) else { continue }
                command = .liftInhibition(faultFindingId: fault.id, outcome: judgment.status == .withdrawn ? .rejected : .resolved)
            }
            try await ledger.apply(command, to: order, judgmentId: judgment.id, judgmentVersion: 0, at: now, in: db)
        }
    }
}
