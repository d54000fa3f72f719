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

    /// Fault-gap exemptions the outlet's findings starting before `start` used, per quarter
    /// (withdrawn findings give theirs back).
    func exemptionsUsed(outletId: String, before start: Date, in db: isolated Database) async throws -> [Quarter: Int] {
        var used: [Quarter: Int] = [:]
        for row in try await db.query("""
            SELECT exemption_quarter, count(*)::integer AS used FROM judgment.abnormal_findings
            WHERE outlet_id = \(outletId) AND exemption_quarter IS NOT NULL AND status <> 'withdrawn' AND period_start < \(start)
            GROUP BY exemption_quarter
            """) {
            let text: String = try row.decode("exemption_quarter")
            let parts = text.split(separator: "Q")
            guard parts.count == 2, let year = Int(parts[0]), let number = Int(parts[1]), let quarter = Quarter(year: year, number: number) else {
                throw HandlingError.permanent("stored exemption quarter \(text) is not like 2026Q4")
            }
            used[quarter] = try row.decode("used", as: Int.self)
        }
        return used
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
