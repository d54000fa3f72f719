import Bus
import Domain
import Foundation
import Pipeline
import Runtime
import Store

/// Keeps the site information devices report (`cn.duban.params.v1` on `duban.params`: CN 3020
/// and the `iXXXXX-Info` items of other uploads) and judges analyser-parameter changes from the
/// newly stored reports on. Process parameters (`-Avg`, `-Rtd`) arrive with the measurements and
/// are not kept here.
struct ParamsHandler: Sendable {
    let recomputer: PointRecomputer
    let sites = SiteInformationStore()
    let logger: Logger

    func handle(_ db: isolated Database, _ record: ConsumedRecord, type: String) async throws {
        guard type == EventType.params else { return }
        let params: ParamsRecord
        do { params = try CloudEvent<ParamsRecord>.decode(record.value).data } catch {
            throw HandlingError.permanent("params event does not decode: \(error)")
        }
        // A report without DataTime is dated by its arrival.
        let stored = try await sites.store(params, at: params.dataTime ?? params.receivedAt, in: db)
        guard let rules = recomputer.ruleBook.rules(at: params.dataTime ?? params.receivedAt) else { return }
        let analyser = stored.filter { rules.suspicion.analyserParameterCodes.contains($0.code) }
        guard let from = analyser.map(\.dataTime).min() else { return }
        try await recomputer.recomputeParameterChanges(mn: params.mn, from: from, in: db)
    }
}
