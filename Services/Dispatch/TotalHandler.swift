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
        let judgment = try record.event(TotalQuantityJudgment.self, "total-quantity event").data
        let now = Date()
        guard try await ledger.receive(id: judgment.id, version: judgment.version, type: envelope.type, status: judgment.status.rawValue,
                                       body: try JSONB(encoding: judgment), at: now, in: db) else {
            logger.info("total-quantity version already applied", metadata: ["judgment": judgment.id, "version": "\(judgment.version)"])
            return
        }
        let finding = Finding(total: judgment)
        // Every version updates the order (a cleared warning too: its shares fell); a cleared
        // warning with no order (it never reached a stage) has nothing to update.
        guard try await !ledger.update(holderOf: finding, withdrawal: nil, judgmentVersion: judgment.version, at: now, in: db),
              judgment.status != .cleared else { return }
        // The enterprise's industry and place, from any of the outlets whose amounts were summed.
        var registered: OutletContext?
        for outletId in judgment.inputs.outletIds where registered == nil {
            registered = try await ledger.registry.outletContext(id: outletId, at: judgment.asOf)
        }
        guard let location = ExceedanceHandler.location(registered)
                ?? ExceedanceHandler.location(countyCode: judgment.countyCode, cityCode: judgment.cityCode) else {
            throw HandlingError.permanent(DispatchError.noJurisdiction(enterpriseId: judgment.enterpriseId).description)
        }
        guard ledger.reachesStage(finding, location: location, at: now) else {
            logger.info("total-quantity judgment reaches no trigger; no order", metadata: [
                "judgment": judgment.id, "version": "\(judgment.version)", "kind": judgment.kind.rawValue,
            ])
            return
        }
        try await ledger.open(finding, enterpriseName: judgment.enterpriseName, industry: registered?.enterprise.industry,
                              outletName: "全厂", location: location, markingDeadline: nil, version: judgment.version, at: now, in: db)
    }
}
