import Bus
import Domain
import Foundation
import Pipeline
import Registry
import Runtime
import Store

/// Turns total-quantity judgments (`cn.duban.judgment.total.v1`) into total-quantity orders,
/// inside the consumer's transaction: the judgment (`Finding(total:)`, the whole enterprise)
/// opens an order at the stage the `total-quantity` trigger names (a warning's projected share →
/// pre-warning, a breach's actual share → handling after); a newer version (a warning become a
/// breach, a share grown, a warning cleared) updates it. A version already received (a
/// redelivery) changes nothing.
struct TotalHandler: Sendable {
    let ledger: OrderLedger
    let logger: Logger

    func handle(_ db: isolated Database, _ record: ConsumedRecord, _ envelope: CloudEvent<AnyPayload>) async throws {
        guard envelope.type == EventType.totalQuantity else { return }
        let judgment: TotalQuantityJudgment
        do { judgment = try CloudEvent<TotalQuantityJudgment>.decode(record.value).data } catch {
            throw HandlingError.permanent("total-quantity event does not decode: \(error)")
        }
        let now = Date()
        let inserted = try await db.query("""
            INSERT INTO dispatch.judgments_received (id, version, kind, status, body, received_at)
            VALUES (\(judgment.id), \(judgment.version), \(envelope.type), \(judgment.status.rawValue), \(try JSONB(encoding: judgment)), \(now))
            ON CONFLICT (id, version) DO NOTHING
            RETURNING id
            """)
        guard !inserted.isEmpty else {
            logger.info("total-quantity version already applied", metadata: ["judgment": judgment.id, "version": "\(judgment.version)"])
            return
        }
        let finding = Finding(total: judgment)
        guard let orderId = try await ledger.holder(of: finding, in: db) else {
            // A cleared warning with no order (it never reached a stage) has nothing to update.
            guard judgment.status != .cleared else { return }
            try await open(judgment, finding, at: now, in: db)
            return
        }
        guard let order = try await ledger.load(orderId, in: db) else { return }
        if let known = order.findings.first(where: { $0.id == finding.id }), known.version >= finding.version { return }
        let command = OrderCommand.addFinding(finding)
        switch order.handle(command, by: .system(), at: now, context: try ledger.context(for: order)) {
        case .success(let outcome):
            try await ledger.record(outcome, previous: order, judgmentVersion: judgment.version, at: now, in: db)
        case .failure(let refusal):
            logger.notice("total-quantity judgment not applied to an order", metadata: [
                "order": "\(order.number)", "judgment": judgment.id, "command": command.code, "code": refusal.code.rawValue,
                "reason": refusal.reasonZh,
            ])
        }
    }

    private func open(_ judgment: TotalQuantityJudgment, _ finding: Finding, at now: Date, in db: isolated Database) async throws {
        // The enterprise's industry and place, from any of the outlets whose amounts were summed.
        var registered: OutletContext?
        for outletId in judgment.inputs.outletIds where registered == nil {
            registered = try await ledger.registry.outletContext(id: outletId, at: judgment.asOf)
        }
        guard let location = ExceedanceHandler.location(registered)
                ?? ExceedanceHandler.location(countyCode: judgment.countyCode, cityCode: judgment.cityCode) else {
            throw HandlingError.permanent(DispatchError.noJurisdiction(enterpriseId: judgment.enterpriseId).description)
        }
        let facts = TriggerCondition.Facts(findings: [finding], markingDeadline: nil, current: nil, now: now)
        guard let ruleset = ledger.configuration.rules.ruleset(province: location.province, on: CivilDate(chinaTimeOf: now)),
              ruleset.trigger(for: finding)?.targetStage(facts) != nil else {
            logger.info("total-quantity judgment reaches no trigger; no order", metadata: [
                "judgment": judgment.id, "version": "\(judgment.version)", "kind": judgment.kind.rawValue,
            ])
            return
        }
        try await ledger.open(finding, enterpriseName: judgment.enterpriseName, industry: registered?.enterprise.industry,
                              outletName: "全厂", location: location, markingDeadline: nil, version: judgment.version, at: now, in: db)
    }
}
