import Bus
import Domain
import Foundation
import Pipeline
import Runtime
import Store

/// Keeps the site information devices report (`cn.duban.params.v1` on `duban.params`: CN 3020
/// and the `iXXXXX-Info` items of other uploads), judges analyser-parameter changes from the
/// newly stored reports on, and recomputes the point where newly stored equipment states
/// (i12001) change the state in force (abnormal operation: states against flags and marks).
/// Process parameters (`-Avg`, `-Rtd`) arrive with the measurements and are not kept here.
struct ParamsHandler: Sendable {
    let recomputer: PointRecomputer
    let sites = SiteInformationStore()
    let logger: Logger

    func handle(_ db: isolated Database, _ record: ConsumedRecord, type: String) async throws {
        guard type == EventType.params else { return }
        let params = try record.event(ParamsRecord.self, "params event").data
        // A report without DataTime is dated by its arrival.
        let stored = try await sites.store(params, at: params.dataTime ?? params.receivedAt, in: db)
        guard let rules = recomputer.ruleBook.rules(at: params.dataTime ?? params.receivedAt) else { return }
        let analyser = stored.filter { rules.suspicion.analyserParameterCodes.contains($0.code) }
        if let from = analyser.map(\.dataTime).min() {
            try await recomputer.recomputeParameterChanges(mn: params.mn, from: from, in: db)
        }
        let states = stored.filter { $0.code == EquipmentStatusTimeline.code }
        guard let from = states.map(\.dataTime).min(), let through = states.map(\.dataTime).max() else { return }
        // From the earliest new state to the next report of its PolId (or the end of the hold):
        // the span whose state in force changed; nothing when a report only repeats the state.
        // Reports a hold before the first new one and after the last cannot change that span.
        let hold = TimeInterval(rules.equipment.statusHoldMinutes * 60)
        let reports = try await recomputer.abnormal.equipmentStates(
            mn: params.mn, polIds: Set(states.map(\.polId)).sorted(), from: from.addingTimeInterval(-hold),
            to: through.addingTimeInterval(hold), in: db)
        guard let changed = EquipmentStatusTimeline.affectedSpan(of: states, among: reports, holdMinutes: rules.equipment.statusHoldMinutes)
        else { return }
        let affected = TimeSpan(start: ExceedanceRecomputation.hourFloor(changed.start),
                                end: ExceedanceRecomputation.hourFloor(changed.end.addingTimeInterval(3599)))!
        logger.info("equipment states stored", metadata: ["mn": params.mn, "reports": "\(states.count)", "affected": "\(affected)"])
        try await recomputer.recompute(mn: params.mn, affected: affected, in: db)
    }
}
