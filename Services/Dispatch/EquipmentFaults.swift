import Domain
import Foundation
import Store

/// The abnormal-operation findings Dispatch has received, newest version each
/// (`dispatch.equipment_findings`): which of an outlet's faults still stand, so an exceedance they
/// explain opens inhibited. Inside the consumer's transaction.
struct EquipmentFaults: Sendable {
    /// Keeps the finding when it is newer than the version held; false for a redelivery or an
    /// older version.
    func record(_ judgment: AbnormalOperationJudgment, as finding: Finding, at now: Date, in db: isolated Database) async throws -> Bool {
        let held = try await db.query("SELECT version FROM dispatch.equipment_findings WHERE id = \(judgment.id) FOR UPDATE").first
        if let held, try held.decode("version", as: Int.self) >= judgment.version { return false }
        try await db.execute("""
            INSERT INTO dispatch.equipment_findings (id, version, status, enterprise_id, outlet_id, mn, stands, finding, updated_at)
            VALUES (\(judgment.id), \(judgment.version), \(judgment.status.rawValue), \(judgment.enterpriseId), \(judgment.outletId),
                    \(judgment.mn), \(Finding.standsAsFault(judgment)), \(try JSONB(encoding: finding)), \(now))
            ON CONFLICT (id) DO UPDATE SET version = excluded.version, status = excluded.status, stands = excluded.stands,
                finding = excluded.finding, updated_at = excluded.updated_at
            """)
        return true
    }

    /// The outlet's findings that still stand (neither closed nor withdrawn), by id.
    func standing(enterpriseId: String, outletId: String, in db: isolated Database) async throws -> [Finding] {
        try await db.query("""
            SELECT finding::text AS finding FROM dispatch.equipment_findings
            WHERE enterprise_id = \(enterpriseId) AND outlet_id = \(outletId) AND stands
            ORDER BY id
            """).map { try JSONB(try $0.decode("finding", as: String.self)).decode(Finding.self) }
    }
}
