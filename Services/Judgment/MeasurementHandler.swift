import Bus
import Domain
import Foundation
import Pipeline
import Runtime
import Store

/// Stores each upload (CN 2011, 2051, 2061, 2031) and recomputes the hours it affects. Runs
/// inside the consumer's transaction: what it stores and the versions it appends to the outbox
/// commit together with the consumed offset.
struct MeasurementHandler: Sendable {
    let recomputer: PointRecomputer
    let logger: Logger

    func handle(_ db: isolated Database, _ record: ConsumedRecord) async throws {
        let event = try record.event(MeasurementRecord.self, "measurement event")
        let measurement = event.data
        guard let level = StoredValue.Level(cn: measurement.cn) else {
            logger.debug("not a data upload; ignored", metadata: ["mn": measurement.mn, "cn": measurement.cn])
            return
        }
        let completeBefore = try await recomputer.store.judgedThrough(mn: measurement.mn, in: db)
        // A resent identical upload stores nothing and changes nothing.
        guard try await recomputer.store.store(measurement, in: db) else { return }
        let affected = ExceedanceRecomputation.affectedSpan(
            level: level, dataTime: measurement.dataTime, completeBefore: completeBefore,
            completeAfter: try await recomputer.store.judgedThrough(mn: measurement.mn, in: db))
        try await recomputer.recompute(mn: measurement.mn, affected: affected, in: db)
    }
}
