public import Domain
public import Foundation
public import Store

/// The reads of the `judgment` schema that the Judgment service and `duban-ctl judge` share, so an
/// audit recomputes from exactly the rows the service judged: the newest revision of each stored
/// value, the marks in force, the site information reports, the stored judged hours.
public enum JudgmentReadings {
    /// The newest revision of every minute, hour and day value of `mn` in `window`.
    public static func values(mn: String, window: TimeSpan, in db: Database) async throws -> [StoredValue] {
        try await db.query("""
            SELECT DISTINCT ON (cn, factor, data_time) cn, factor, data_time, rtd, avg, zs_avg, flag, frame_id
            FROM judgment.readings
            WHERE mn = \(mn) AND data_time >= \(window.start) AND data_time < \(window.end) AND cn IN ('2051', '2061', '2031')
            ORDER BY cn, factor, data_time, revision DESC
            """).compactMap { row in
            guard let level = StoredValue.Level(cn: try row.decode("cn")) else { return nil }
            return StoredValue(level: level, factor: try row.decode("factor"), dataTime: try row.decode("data_time"),
                               value: try row.decode("avg", as: Double?.self) ?? row.decode("rtd", as: Double?.self),
                               converted: try row.decode("zs_avg", as: Double?.self), flag: try row.decode("flag", as: String?.self),
                               frameId: try row.decode("frame_id"))
        }
    }

    /// The newest version of every mark on the outlet (whole outlet or this MN) overlapping `window`.
    public static func marks(outletId: String, mn: String, window: TimeSpan, in db: Database) async throws -> [MarkRecord] {
        try await db.query("""
            SELECT body FROM judgment.marks
            WHERE outlet_id = \(outletId) AND (mn IS NULL OR mn = \(mn)) AND span_start < \(window.end) AND span_end > \(window.start)
            ORDER BY id
            """).map { try decodeMark(try $0.decode("body")) }
    }

    /// A mark as `judgment.marks` keeps it (its `cn.duban.mark.v1` payload).
    public static func decodeMark(_ text: String) throws -> MarkRecord {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(MarkRecord.self, from: Data(text.utf8))
    }

    /// The point's site-information reports of `codes`: per code and PolId the last one before
    /// `from`, and every one from `from` on (before `until`, when given).
    public static func siteReports(mn: String, codes: [String], from: Date, until: Date? = nil, in db: Database) async throws -> [SiteReport] {
        let list = codes.joined(separator: ",")
        return try await db.query("""
            (SELECT DISTINCT ON (code, pol_id) pol_id, code, data_time, value, frame_id FROM judgment.site_information
             WHERE mn = \(mn) AND code = ANY(string_to_array(\(list), ',')) AND data_time < \(from)
             ORDER BY code, pol_id, data_time DESC)
            UNION ALL
            (SELECT pol_id, code, data_time, value, frame_id FROM judgment.site_information
             WHERE mn = \(mn) AND code = ANY(string_to_array(\(list), ',')) AND data_time >= \(from)
               AND (\(until)::timestamptz IS NULL OR data_time < \(until)))
            """).map { row in
            SiteReport(polId: try row.decode("pol_id"), code: try row.decode("code"), dataTime: try row.decode("data_time"),
                       value: try row.decode("value"), frameId: try row.decode("frame_id"))
        }
    }

    /// The stored hours of `mn`'s `factor` in `span` judged within or over their limit.
    public static func judgedHours(mn: String, factor: String, span: TimeSpan, in db: Database) async throws -> [FalsificationDetector.JudgedValue] {
        try await db.query("""
            SELECT period_start, judged_value, limit_maximum FROM judgment.period_means
            WHERE mn = \(mn) AND factor = \(factor) AND level = 'hour' AND period_start >= \(span.start) AND period_start < \(span.end)
              AND outcome IN ('within-limit', 'exceeded') AND judged_value IS NOT NULL
            ORDER BY period_start
            """).map { row in
            FalsificationDetector.JudgedValue(start: try row.decode("period_start"), value: try row.decode("judged_value"),
                                              maximumLimit: try row.decode("limit_maximum", as: Double?.self))
        }
    }

    /// The factors of `mn` with hours judged against a limit in `span`.
    public static func judgedFactors(mn: String, span: TimeSpan, in db: Database) async throws -> [String] {
        try await db.query("""
            SELECT DISTINCT factor FROM judgment.period_means
            WHERE mn = \(mn) AND level = 'hour' AND period_start >= \(span.start) AND period_start < \(span.end) AND outcome IS NOT NULL
            ORDER BY factor
            """).map { try $0.decode("factor", as: String.self) }
    }

    /// The newest published version of every abnormal-operation finding of the point overlapping
    /// `window` (withdrawn ones too); `lock` holds them until the transaction ends.
    public static func abnormalFindings(mn: String, window: TimeSpan, lock: Bool, in db: Database) async throws -> [AbnormalOperationJudgment] {
        try await db.query("""
            SELECT body FROM judgment.abnormal_findings
            WHERE mn = \(mn) AND period_start < \(window.end) AND period_end > \(window.start)
            ORDER BY id\(unsafeRaw: lock ? " FOR UPDATE" : "")
            """).map { try JudgmentPublication.decode(try $0.decode("body")) }
    }

    /// The newest version of every gap (missing data, communication loss) of the outlet, any
    /// point, not withdrawn, starting in `quarter` (China time), with its inputs hash; `lock`
    /// holds them until the transaction ends.
    public static func outletGaps(outletId: String, quarter: Quarter, lock: Bool,
                                  in db: Database) async throws -> [(judgment: AbnormalOperationJudgment, inputsHash: String?)] {
        try await db.query("""
            SELECT body, inputs_hash FROM judgment.abnormal_findings
            WHERE outlet_id = \(outletId) AND kind IN ('missing-data', 'communication-loss') AND status <> 'withdrawn'
              AND period_start >= \(quarter.start) AND period_start < \(quarter.end)
            ORDER BY id\(unsafeRaw: lock ? " FOR UPDATE" : "")
            """).map { (try JudgmentPublication.decode(try $0.decode("body")), try $0.decode("inputs_hash", as: String?.self)) }
    }

    /// The point's equipment states (`i12001`) of `polIds` reported in `[from, to)`. Callers start
    /// `from` a hold (`statusHoldMinutes`) early, so the state in force at the start is among them.
    /// One primary-key range per PolId, however long the device has been reporting.
    public static func equipmentStates(mn: String, polIds: [String], from: Date, to: Date, in db: Database) async throws -> [SiteReport] {
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
}
