import Bus
import Domain
import Foundation
import Pipeline
import Store

extension PointRecomputer {
    /// Analyser-parameter changes judged from `from` on (`ParameterChangeRecomputation`) against
    /// the point's reports and the outlet's marks → `JudgmentPublication` against what was
    /// published for the same pairs of reports → `suspicions`, `judgment_versions`, the outbox.
    func recomputeParameterChanges(mn: String, from: Date, in db: isolated Database) async throws {
        guard let rules = ruleBook.rules(at: from) else {
            throw HandlingError.permanent("no judgment rules version is in force at \(from)")
        }
        guard let (subject, _) = try await subject(mn: mn, at: from) else { return }
        let reports = try await sites.reports(mn: mn, codes: rules.suspicion.analyserParameterCodes, from: from, in: db)
        guard let first = reports.map(\.dataTime).min(), let last = reports.map(\.dataTime).max(), last > first,
              let span = TimeSpan(start: first, end: last) else { return }
        let marks = try await JudgmentStore.marks(outletId: subject.outletId, mn: mn, window: span, in: db)
        let result = ParameterChangeRecomputation(rules: rules).recompute(subject: subject, reports: reports, from: from, marks: marks)
        let previous = try await suspicions.published(mn: mn, window: span, kinds: [ParameterChangeRecomputation.kind.rawValue], in: db)
            .filter { result.candidateIds.contains($0.id) }
        try await publishSuspicions(previous: previous, current: result.judgments, inputsHashes: result.inputsHashes, window: span, in: db)
    }
}
