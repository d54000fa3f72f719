import Domain
import Foundation
import JudgmentData
import Store

/// The SQL of `judgment.site_information`, run inside the consumer's transaction. A report is
/// kept as first received: the same (MN, code, PolId, time) again changes nothing.
struct SiteInformationStore: Sendable {
    /// Stores the record's `iXXXXX-Info` items; returns those newly stored.
    func store(_ record: ParamsRecord, at dataTime: Date, in db: isolated Database) async throws -> [SiteReport] {
        var stored: [SiteReport] = []
        for item in record.items {
            let parts = item.key.split(separator: "-", maxSplits: 1)
            guard parts.count == 2, parts[1] == "Info", parts[0].hasPrefix("i") else { continue }
            let report = SiteReport(polId: item.polId ?? "", code: String(parts[0]), dataTime: dataTime, value: item.value, frameId: record.frameId)
            let rows = try await db.query("""
                INSERT INTO judgment.site_information (mn, pol_id, code, data_time, value, cn, frame_id, received_at)
                VALUES (\(record.mn), \(report.polId), \(report.code), \(dataTime), \(report.value), \(record.cn), \(record.frameId),
                        \(record.receivedAt))
                ON CONFLICT DO NOTHING RETURNING code
                """)
            if !rows.isEmpty { stored.append(report) }
        }
        return stored
    }

    /// The point's reports of `codes`: per code and PolId the last one before `from`, and every
    /// one from `from` on.
    func reports(mn: String, codes: [String], from: Date, in db: isolated Database) async throws -> [SiteReport] {
        try await JudgmentReadings.siteReports(mn: mn, codes: codes, from: from, in: db)
    }
}
