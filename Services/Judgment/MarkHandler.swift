import Bus
import Domain
import Foundation
import Pipeline
import Registry
import Runtime
import Store

/// Applies marks (`cn.duban.mark.v1` on `duban.marks`): keeps the newest version of each mark and
/// recomputes what the union of its old and new spans covers, for its point or, for an
/// outlet-wide mark, every point of the outlet. Other event types on the topic (verdicts) are not
/// Judgment's.
struct MarkHandler: Sendable {
    let recomputer: PointRecomputer
    let registry: RegistryReader
    let logger: Logger

    func handle(_ db: isolated Database, _ record: ConsumedRecord, type: String) async throws {
        guard type == EventType.mark else { return }
        let mark = try record.event(MarkRecord.self, "mark event").data
        guard mark.end > mark.start else { throw HandlingError.permanent("mark \(mark.id) v\(mark.version) ends before it starts") }
        guard case .stored(let replaced) = try await recomputer.store.store(mark, in: db) else {
            logger.info("mark version already applied or superseded", metadata: ["mark": mark.id, "version": "\(mark.version)"])
            return
        }
        var start = mark.start
        var end = mark.end
        if let replaced {
            start = min(start, replaced.start)
            end = max(end, replaced.end)
        }
        let affected = TimeSpan(start: ExceedanceRecomputation.hourFloor(start),
                                end: ExceedanceRecomputation.hourFloor(end.addingTimeInterval(3599)))!
        let points: [String]
        if let mn = mark.mn {
            points = [mn]
        } else {
            points = try await registry.monitoringPoints(at: mark.start).filter { $0.outletId == mark.outletId }.map(\.mn).sorted()
        }
        logger.info("mark applied", metadata: ["mark": mark.id, "version": "\(mark.version)", "status": mark.status.rawValue,
                                               "points": "\(points.joined(separator: ","))"])
        for mn in points {
            try await recomputer.recompute(mn: mn, affected: affected, in: db)
            // A mark is also an O&M record: it may explain (or stop explaining) a parameter change.
            try await recomputer.recomputeParameterChanges(mn: mn, from: affected.start, in: db)
        }
    }
}
