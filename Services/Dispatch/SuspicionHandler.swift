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
        let judgment = try record.event(FalsificationSuspicionJudgment.self, "falsification-suspicion event").data
        let now = Date()
        guard try await ledger.receive(id: judgment.id, version: judgment.version, type: envelope.type, status: judgment.status.rawValue,
                                       body: try JSONB(encoding: judgment), at: now, in: db) else {
            logger.info("falsification-suspicion version already applied", metadata: ["judgment": judgment.id, "version": "\(judgment.version)"])
            return
        }
        let finding = Finding(suspicion: judgment)
        let withdrawal = judgment.status == .withdrawn ? "疑点已撤回（第\(judgment.version)版）" : nil
        guard try await !ledger.update(holderOf: finding, withdrawal: withdrawal, judgmentVersion: judgment.version, at: now, in: db),
              withdrawal == nil else { return }
        let registered = try await ledger.registry.outletContext(id: judgment.outletId, at: judgment.periodStart)
        guard let location = ExceedanceHandler.location(registered)
                ?? ExceedanceHandler.location(countyCode: judgment.countyCode, cityCode: judgment.cityCode) else {
            throw HandlingError.permanent(DispatchError.noJurisdiction(enterpriseId: judgment.enterpriseId).description)
        }
        guard ledger.reachesStage(finding, location: location, at: now) else {
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
