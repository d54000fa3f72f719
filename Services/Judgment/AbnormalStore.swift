import Domain
import Foundation
import JudgmentData
import Pipeline
import Store

/// The SQL of `judgment.abnormal_findings`, run inside the consumer's transaction.
struct AbnormalStore: Sendable {
    /// The newest published version of every finding of the point overlapping `window`
    /// (withdrawn ones too), locked until the transaction ends.
    func published(mn: String, window: TimeSpan, in db: isolated Database) async throws -> [AbnormalOperationJudgment] {
        try await JudgmentReadings.abnormalFindings(mn: mn, window: window, lock: true, in: db)
    }

    /// The point's equipment states (`i12001`) of `polIds` reported in `[from, to)`.
    func equipmentStates(mn: String, polIds: [String], from: Date, to: Date, in db: isolated Database) async throws -> [SiteReport] {
        try await JudgmentReadings.equipmentStates(mn: mn, polIds: polIds, from: from, to: to, in: db)
    }

    /// Serialises the recomputations touching one outlet's gaps until the transaction ends: a
    /// gap's number and exemption depend on the outlet's other points, so two points of one
    /// outlet must not settle them at the same time from what each alone sees.
    func lockGaps(outletId: String, in db: isolated Database) async throws {
        try await db.execute("SELECT pg_advisory_xact_lock(hashtext('duban.judgment.gaps'), hashtext(\(outletId)))")
    }

    /// The outlet's gaps starting in `quarter`, not withdrawn, with their inputs hashes; locked
    /// until the transaction ends.
    func gaps(outletId: String, quarter: Quarter, in db: isolated Database) async throws -> [(judgment: AbnormalOperationJudgment, inputsHash: String?)] {
        try await JudgmentReadings.outletGaps(outletId: outletId, quarter: quarter, lock: true, in: db)
    }

    /// Records a new version: the current row and the version history (`judgment_versions`).
    func save(_ judgment: AbnormalOperationJudgment, inputsHash: String?, in db: isolated Database) async throws {
        let body = try JudgmentPublication.canonical(judgment)
        let quarter = judgment.exemption.used ? judgment.exemption.quarter : nil
        try await db.execute("""
            INSERT INTO judgment.abnormal_findings (id, kind, version, status, outlet_id, mn, period_start, period_end, exemption_quarter, body, inputs_hash)
            VALUES (\(judgment.id), \(judgment.kind), \(judgment.version), \(judgment.status.rawValue), \(judgment.outletId), \(judgment.mn),
                    \(judgment.periodStart), \(judgment.periodEnd), \(quarter), \(body), \(inputsHash))
            ON CONFLICT (id) DO UPDATE SET version = excluded.version, status = excluded.status, period_start = excluded.period_start,
                period_end = excluded.period_end, exemption_quarter = excluded.exemption_quarter, body = excluded.body,
                inputs_hash = coalesce(excluded.inputs_hash, judgment.abnormal_findings.inputs_hash), updated_at = now()
            """)
        try await db.execute("""
            INSERT INTO judgment.judgment_versions (id, version, status, body, inputs_hash)
            VALUES (\(judgment.id), \(judgment.version), \(judgment.status.rawValue), \(body), \(inputsHash))
            """)
    }
}
