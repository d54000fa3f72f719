import Bus
import Domain
import Foundation
import Pipeline
import Registry
import Runtime
import Store

/// Turns falsification suspicions (`cn.duban.judgment.suspicion.v1`) into suspected-falsification
/// orders, inside the consumer's transaction: the suspicion (`Finding(suspicion:)`) opens an order
/// at the stage the trigger rules name (handling after, for the bureau to investigate), a newer
/// version grows it, and a withdrawn suspicion leaves it with the reason. A version already
/// received (a redelivery) changes nothing.
struct SuspicionHandler: Sendable {
    let ledger: OrderLedger
    let logger: Logger

    func handle(_ db: isolated Database, _ record: ConsumedRecord, _ envelope: CloudEvent<AnyPayload>) async throws {
        guard envelope.type == EventType.falsificationSuspicion else { return }
        let judgment: FalsificationSuspicionJudgment
        do { judgment = try CloudEvent<FalsificationSuspicionJudgment>.decode(record.value).data } catch {
            throw HandlingError.permanent("falsification-suspicion event does not decode: \(error)")
        }
        let now = Date()
        let inserted = try await db.query("""
            INSERT INTO dispatch.judgments_received (id, version, kind, status, body, received_at)
            VALUES (\(judgment.id), \(judgment.version), \(envelope.type), \(judgment.status.rawValue), \(try JSONB(encoding: judgment)), \(now))
            ON CONFLICT (id, version) DO NOTHING
            RETURNING id
            """)
        guard !inserted.isEmpty else {
            logger.info("falsification-suspicion version already applied", metadata: ["judgment": judgment.id, "version": "\(judgment.version)"])
            return
        }
        let finding = Finding(suspicion: judgment)
        let counts = judgment.status != .withdrawn
        guard let orderId = try await ledger.holder(of: finding, in: db) else {
            guard counts else { return }
            try await open(judgment, finding, at: now, in: db)
            return
        }
        guard let order = try await ledger.load(orderId, in: db) else { return }
        let known = order.findings.first { $0.id == finding.id }
        let command: OrderCommand
        if !counts {
            guard known != nil else { return }
            command = .withdrawFinding(id: finding.id, reason: "疑点已撤回（第\(judgment.version)版）")
        } else {
            if let known, known.version >= finding.version { return }
            command = .addFinding(finding)
        }
        switch order.handle(command, by: .system(), at: now, context: try ledger.context(for: order)) {
        case .success(let outcome):
            try await ledger.record(outcome, previous: order, judgmentVersion: judgment.version, at: now, in: db)
        case .failure(let refusal):
            logger.notice("falsification suspicion not applied to an order", metadata: [
                "order": "\(order.number)", "judgment": judgment.id, "command": command.code, "code": refusal.code.rawValue,
                "reason": refusal.reasonZh,
            ])
        }
    }

    private func open(_ judgment: FalsificationSuspicionJudgment, _ finding: Finding, at now: Date, in db: isolated Database) async throws {
        let registered = try await ledger.registry.outletContext(id: judgment.outletId, at: judgment.periodStart)
        guard let location = ExceedanceHandler.location(registered)
                ?? ExceedanceHandler.location(countyCode: judgment.countyCode, cityCode: judgment.cityCode) else {
            throw HandlingError.permanent(DispatchError.noJurisdiction(enterpriseId: judgment.enterpriseId).description)
        }
        let facts = TriggerCondition.Facts(findings: [finding], markingDeadline: nil, current: nil, now: now)
        guard let ruleset = ledger.configuration.rules.ruleset(province: location.province, on: CivilDate(chinaTimeOf: now)),
              ruleset.trigger(for: finding)?.targetStage(facts) != nil else {
            logger.info("falsification suspicion reaches no trigger; no order", metadata: [
                "judgment": judgment.id, "version": "\(judgment.version)", "kind": judgment.kind,
            ])
            return
        }
        try await ledger.open(finding, enterpriseName: judgment.enterpriseName, industry: registered?.enterprise.industry,
                              outletName: judgment.outletName, location: location, markingDeadline: nil, version: judgment.version,
                              at: now, in: db)
    }
}
