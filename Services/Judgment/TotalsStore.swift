import Domain
import Foundation
import Store

/// The SQL of `judgment.emission_amounts` (the hourly amounts of every point and factor) and
/// `judgment.totals` (the newest published version of every total-quantity judgment), run inside
/// the consumer's transaction.
struct TotalsStore: Sendable {
    /// Replaces the point's amounts of the hours in `span` by `series` (hours the source did not
    /// operate are not stored: they emitted nothing).
    func replaceAmounts(mn: String, enterpriseId: String, span: TimeSpan, series: [AmountSeries], in db: isolated Database) async throws {
        try await db.execute("""
            DELETE FROM judgment.emission_amounts WHERE mn = \(mn) AND hour_start >= \(span.start) AND hour_start < \(span.end)
            """)
        for amounts in series {
            for hour in amounts.hours where hour.layer != .notOperating && span.contains(hour.start) {
                let kilograms = hour.tonnes * 1000
                try await db.execute("""
                    INSERT INTO judgment.emission_amounts (mn, outlet_id, enterprise_id, factor, hour_start, layer, measured_kg, substituted_kg)
                    VALUES (\(mn), \(amounts.outletId), \(enterpriseId), \(amounts.factor), \(hour.start), \(hour.layer.rawValue),
                            \(hour.layer == .measured ? kilograms : 0), \(hour.layer == .substituted ? kilograms : 0))
                    """)
            }
        }
    }

    /// The enterprise's amounts of `factor` in [start, asOf), summed by SQL: the table holds every
    /// hour already, so no period is ever recomputed.
    func sums(enterpriseId: String, factor: String, start: Date, asOf: Date, basisStart: Date,
              in db: isolated Database) async throws -> TotalQuantityCheck.PeriodSums {
        guard let row = try await db.query("""
            SELECT coalesce(sum(measured_kg), 0)::double precision AS measured,
                   coalesce(sum(substituted_kg), 0)::double precision AS substituted,
                   coalesce(sum(measured_kg + substituted_kg) FILTER (WHERE hour_start >= \(basisStart)), 0)::double precision AS recent,
                   count(*) FILTER (WHERE layer = 'unknown')::integer AS unknown
            FROM judgment.emission_amounts
            WHERE enterprise_id = \(enterpriseId) AND factor = \(factor) AND hour_start >= \(start) AND hour_start < \(asOf)
            """).first else { return .init(measuredTonnes: 0, substitutedTonnes: 0, recentTonnes: 0, unknownHours: 0) }
        return .init(measuredTonnes: try row.decode("measured", as: Double.self) / 1000,
                     substitutedTonnes: try row.decode("substituted", as: Double.self) / 1000,
                     recentTonnes: try row.decode("recent", as: Double.self) / 1000, unknownHours: try row.decode("unknown", as: Int.self))
    }

    /// The outlets whose amounts of `factor` the enterprise's sums include, sorted.
    func outlets(enterpriseId: String, factor: String, in db: isolated Database) async throws -> [String] {
        try await db.query("""
            SELECT DISTINCT outlet_id FROM judgment.emission_amounts WHERE enterprise_id = \(enterpriseId) AND factor = \(factor)
            ORDER BY outlet_id
            """).map { try $0.decode("outlet_id") }
    }

    /// The newest published version of the enterprise's judgments of `factor`, locked until the
    /// transaction ends (two points of one enterprise judged at once publish one after the other).
    func published(enterpriseId: String, factor: String, in db: isolated Database) async throws -> [TotalQuantityJudgment] {
        try await db.query("""
            SELECT body FROM judgment.totals WHERE enterprise_id = \(enterpriseId) AND factor = \(factor) ORDER BY id FOR UPDATE
            """).map { try TotalQuantityPublication.decode(try $0.decode("body")) }
    }

    /// Records a new version: the current row and the version history (`judgment_versions`).
    func save(_ judgment: TotalQuantityJudgment, in db: isolated Database) async throws {
        let body = try TotalQuantityPublication.canonical(judgment)
        try await db.execute("""
            INSERT INTO judgment.totals (id, version, status, kind, enterprise_id, factor, period, body)
            VALUES (\(judgment.id), \(judgment.version), \(judgment.status.rawValue), \(judgment.kind.rawValue), \(judgment.enterpriseId),
                    \(judgment.factor), \(judgment.period), \(body))
            ON CONFLICT (id) DO UPDATE SET version = excluded.version, status = excluded.status, kind = excluded.kind,
                body = excluded.body, updated_at = now()
            """)
        try await db.execute("""
            INSERT INTO judgment.judgment_versions (id, version, status, body, inputs_hash)
            VALUES (\(judgment.id), \(judgment.version), \(judgment.status.rawValue), \(body), NULL)
            """)
    }
}
