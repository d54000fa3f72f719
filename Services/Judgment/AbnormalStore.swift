import Domain
import Foundation
import Pipeline
import Store

/// The SQL of `judgment.abnormal_findings`, run inside the consumer's transaction.
struct AbnormalStore: Sendable {
    /// The newest published version of every finding of the point overlapping `window`
    /// (withdrawn ones too), locked until the transaction ends.
    func published(mn: String, window: TimeSpan, in db: isolated Database) async throws -> [AbnormalOperationJudgment] {
        try await db.query("""
            SELECT body FROM judgment.abnormal_findings
            WHERE mn = \(mn) AND period_start < \(window.end) AND period_end > \(window.start)
            ORDER BY id FOR UPDATE
            """).map { try AbnormalPublication.decode(try $0.decode("body")) }
    }

    /// The point's equipment states (`i12001`, `judgment.site_information`) of `polIds` reported
    /// in `[from, to)`. Callers start `from` a hold (`statusHoldMinutes`) early, so the state in
    /// force at the start is among them: a report older than that no longer holds. One primary-key
    /// range per PolId, however long the device has been reporting.
    func equipmentStates(mn: String, polIds: [String], from: Date, to: Date, in db: isolated Database) async throws -> [SiteReport] {
        let list = polIds.sorted().joined(separator: ",")
        return try await db.query("""
            SELECT pol_id, code, data_time, value, frame_id FROM judgment.site_information
            WHERE mn = \(mn) AND code = \(EquipmentStatusTimeline.code) AND pol_id = ANY(string_to_array(\(list), ','))
              AND data_time >= \(from) AND data_time < \(to)
            ORDER BY pol_id, data_time
            """).map { row in
            SiteReport(polId: try row.decode("pol_id"), code: try row.decode("code"), dataTime: try row.decode("data_time"),
                       value: try row.decode("value"), frameId: try row.decode("frame_id"))
        }
    }

    /// Serialises the recomputations touching one outlet's gaps until the transaction ends: a
    /// gap's number and exemption depend on the outlet's other points, so two points of one
    /// outlet must not settle them at the same time from what each alone sees.
    func lockGaps(outletId: String, in db: isolated Database) async throws {
        try await db.execute("SELECT pg_advisory_xact_lock(hashtext('duban.judgment.gaps'), hashtext(\(outletId)))")
    }

    /// The newest version of every gap (missing data, communication loss) of the outlet, any
    /// point, not withdrawn, starting in `quarter` (China time), with its inputs hash; locked
    /// until the transaction ends.
    func gaps(outletId: String, quarter: Quarter, in db: isolated Database) async throws -> [(judgment: AbnormalOperationJudgment, inputsHash: String?)] {
        try await db.query("""
            SELECT body, inputs_hash FROM judgment.abnormal_findings
            WHERE outlet_id = \(outletId) AND kind IN ('missing-data', 'communication-loss') AND status <> 'withdrawn'
              AND period_start >= \(quarter.start) AND period_start < \(quarter.end)
            ORDER BY id FOR UPDATE
            """).map { (try AbnormalPublication.decode(try $0.decode("body")), try $0.decode("inputs_hash", as: String?.self)) }
    }

    /// Records a new version: the current row and the version history (`judgment_versions`).
    func save(_ judgment: AbnormalOperationJudgment, inputsHash: String?, in db: isolated Database) async throws {
        let body = try AbnormalPublication.canonical(judgment)
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
