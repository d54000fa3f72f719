import Bus
import Domain
import Foundation
import Pipeline
import Store

/// Keeps every accepted mark version Marking publishes (`duban.marks`, `cn.duban.mark.v1`) in
/// `dispatch.marks_received`, so an order's evidence package carries the marks of its period
/// with their history (every version, withdrawals included) without reading Marking's tables.
struct MarkArchive: Sendable {
    func handle(_ db: isolated Database, _ record: ConsumedRecord, _ envelope: CloudEvent<AnyPayload>) async throws {
        guard envelope.type == EventType.mark else { return }
        let mark = try record.event(MarkRecord.self, "mark event").data
        try await db.execute("""
            INSERT INTO dispatch.marks_received (id, version, status, enterprise_id, outlet_id, mn, span_start, span_end, body, received_at)
            VALUES (\(mark.id), \(mark.version), \(mark.status.rawValue), \(mark.enterpriseId), \(mark.outletId), \(mark.mn),
                    \(mark.start), \(mark.end), \(try JSONB(encoding: mark)), \(Date()))
            ON CONFLICT (id, version) DO NOTHING
            """)
    }
}
