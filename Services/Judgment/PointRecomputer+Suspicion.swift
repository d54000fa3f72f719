import Bus
import Domain
import Foundation
import Pipeline
import Store

extension PointRecomputer {
    /// Signs of falsification over the affected span (looking back a day, and to the start of
    /// every suspicion published there): `SuspicionRecomputation` → `JudgmentPublication` against
    /// the versions published → `suspicions`, `judgment_versions` and the outbox.
    func recomputeSuspicions(readings: inout PointReadings, subject: RecomputeSubject, affected: TimeSpan, judgedThrough: Date, rules: JudgmentRules,
                             flagEffects: FlagEffects, in db: isolated Database) async throws {
        let kinds: Set<String> = [FalsificationSuspicion.Kind.oxygenNear21.rawValue]
        let recent = try await suspicions.published(mn: subject.mn, window: affected, kinds: kinds, in: db)
        let window = SuspicionRecomputation.window(affected: affected, published: recent)
        let previous = try await suspicions.published(mn: subject.mn, window: window, kinds: kinds, in: db)
        let values = try await readings.values(window, in: db)
        let marks = try await JudgmentStore.marks(outletId: subject.outletId, mn: subject.mn, window: window, in: db)
        let result = try SuspicionRecomputation(rules: rules, flagEffects: flagEffects).recompute(
            subject: subject, window: window, judgedThrough: judgedThrough, values: values, marks: marks)
        try await publishSuspicions(previous: previous, current: result.judgments, inputsHashes: result.inputsHashes, window: window, in: db)
    }

    /// `JudgmentPublication.reconcile` of one step's kinds → `suspicions`, `judgment_versions`
    /// and the outbox.
    func publishSuspicions(previous: [FalsificationSuspicionJudgment], current: [FalsificationSuspicionJudgment],
                           inputsHashes: [String: String], window: TimeSpan, in db: isolated Database) async throws {
        for change in JudgmentPublication.reconcile(previous: previous, current: current) {
            try await suspicions.save(change, inputsHash: inputsHashes[change.id], in: db)
            let event = CloudEvent(id: "\(change.id)#v\(change.version)", source: Self.source, type: EventType.falsificationSuspicion,
                                   time: Date(), subject: change.outletId, data: change)
            try await outbox.append(event, topic: BusTopics.judgments, key: change.outletId, in: db)
            logger.notice("falsification suspicion judged", metadata: [
                "judgment": change.id, "version": "\(change.version)", "status": change.status.rawValue, "kind": change.kind,
                "mn": change.mn, "factor": change.factor, "hours": "\(change.evidence.hours)", "window": "\(window)",
            ])
        }
    }
}
