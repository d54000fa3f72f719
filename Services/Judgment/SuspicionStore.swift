import Domain
import Foundation
import Store

/// The SQL of `judgment.suspicions`, run inside the consumer's transaction.
struct SuspicionStore: Sendable {
    /// The newest published version of every suspicion of `kinds` at the point overlapping
    /// `window` (withdrawn ones too), locked until the transaction ends. Each recomputation step
    /// decides its own kinds over its own window, so it must see only those.
    func published(mn: String, window: TimeSpan, kinds: Set<String>, in db: isolated Database) async throws -> [FalsificationSuspicionJudgment] {
        try await db.query("""
            SELECT body FROM judgment.suspicions
            WHERE mn = \(mn) AND period_start < \(window.end) AND period_end > \(window.start) AND kind = ANY(string_to_array(\(kinds.sorted().joined(separator: ",")), ','))
            ORDER BY id FOR UPDATE
            """).map { try JudgmentPublication.decode(try $0.decode("body")) }
    }

    /// Records a new version: the current row and the version history (`judgment_versions`).
    func save(_ judgment: FalsificationSuspicionJudgment, inputsHash: String?, in db: isolated Database) async throws {
        let body = try JudgmentPublication.canonical(judgment)
        try await db.execute("""
            INSERT INTO judgment.suspicions (id, kind, version, status, outlet_id, mn, factor, period_start, period_end, body, inputs_hash)
            VALUES (\(judgment.id), \(judgment.kind), \(judgment.version), \(judgment.status.rawValue), \(judgment.outletId), \(judgment.mn),
                    \(judgment.factor), \(judgment.periodStart), \(judgment.periodEnd), \(body), \(inputsHash))
            ON CONFLICT (id) DO UPDATE SET version = excluded.version, status = excluded.status, period_start = excluded.period_start,
                period_end = excluded.period_end, body = excluded.body,
                inputs_hash = coalesce(excluded.inputs_hash, judgment.suspicions.inputs_hash), updated_at = now()
            """)
        try await db.execute("""
            INSERT INTO judgment.judgment_versions (id, version, status, body, inputs_hash)
            VALUES (\(judgment.id), \(judgment.version), \(judgment.status.rawValue), \(body), \(inputsHash))
            """)
    }
}
