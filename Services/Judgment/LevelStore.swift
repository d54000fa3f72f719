import Domain
import Foundation
import JudgmentData
import Store

/// The SQL of `judgment.period_means` and `judgment.data_quality`, run inside the consumer's
/// transaction. A recomputation replaces the periods it formed; statements carry at most
/// `rowsPerStatement` rows (PostgreSQL takes 65 535 parameters per statement).
struct LevelStore: Sendable {
    static let rowsPerStatement = 400

    func save(_ means: [LevelMean], mn: String, rulesVersion: String, in db: isolated Database) async throws {
        // One partition per UTC year; a late upload may touch an older year.
        let years = Set(means.map { Calendar.utc.component(.year, from: $0.mean.start) })
        for year in years.sorted() {
            let yearStart = Calendar.utc.date(from: DateComponents(year: year, month: 1, day: 1))!
            try await db.execute("SELECT judgment.ensure_means_partition(\(yearStart))")
        }
        var start = 0
        while start < means.count {
            let chunk = means[start..<min(start + Self.rowsPerStatement, means.count)]
            var query: Query = """
                INSERT INTO judgment.period_means (mn, factor, level, period_start, period_end, complete, source, value, valid, valid_count,
                    required_count, expected_count, raw_value, raw_valid_count, exempt_valid_count, weighting, minutes_valid, minutes_over_range,
                    minutes_not_measured, minutes_invalid, minutes_missing, minutes_out_of_service, device_mean, device_mean_mismatch,
                    judged_value, value_source, oxygen_mean, reference_o2, outcome, limit_maximum, limit_lower, limit_upper, limit_source,
                    rules_version) VALUES
                """
            for (index, row) in chunk.enumerated() {
                let mean = row.mean, judged = row.judged, minutes = mean.minutes
                let limit = judged?.limit
                var maximum: Double?, lower: Double?, upper: Double?
                switch limit?.limit {
                case .maximum(let value)?: maximum = value
                case .range(let low, let high)?: (lower, upper) = (low, high)
                case nil: break
                }
                query += index == 0 ? "" : ", "
                query += """
                    (\(mn), \(row.factor), \(mean.level.rawValue), \(mean.start), \(mean.end), \(row.complete), \(mean.source.rawValue),
                     \(mean.value), \(mean.isValid), \(mean.validCount), \(mean.requiredCount), \(mean.expectedCount), \(mean.rawValue),
                     \(mean.rawValidCount), \(mean.exemptValidCount), \(mean.weighting.rawValue), \(minutes.valid), \(minutes.overRange),
                     \(minutes.notMeasured), \(minutes.invalid), \(minutes.missing), \(minutes.outOfService), \(mean.deviceMean),
                     \(mean.deviceMeanMismatch), \(judged?.value), \(judged?.valueSource?.rawValue), \(judged?.oxygenMean),
                     \(judged?.referenceO2), \(judged?.outcome.rawValue), \(maximum), \(lower), \(upper), \(limit?.catalogueVersion),
                     \(rulesVersion))
                    """
            }
            query += """
                 ON CONFLICT (mn, factor, level, period_start) DO UPDATE SET period_end = EXCLUDED.period_end, complete = EXCLUDED.complete,
                    source = EXCLUDED.source, value = EXCLUDED.value, valid = EXCLUDED.valid, valid_count = EXCLUDED.valid_count,
                    required_count = EXCLUDED.required_count, expected_count = EXCLUDED.expected_count, raw_value = EXCLUDED.raw_value,
                    raw_valid_count = EXCLUDED.raw_valid_count, exempt_valid_count = EXCLUDED.exempt_valid_count,
                    weighting = EXCLUDED.weighting, minutes_valid = EXCLUDED.minutes_valid, minutes_over_range = EXCLUDED.minutes_over_range,
                    minutes_not_measured = EXCLUDED.minutes_not_measured, minutes_invalid = EXCLUDED.minutes_invalid,
                    minutes_missing = EXCLUDED.minutes_missing, minutes_out_of_service = EXCLUDED.minutes_out_of_service,
                    device_mean = EXCLUDED.device_mean, device_mean_mismatch = EXCLUDED.device_mean_mismatch,
                    judged_value = EXCLUDED.judged_value, value_source = EXCLUDED.value_source, oxygen_mean = EXCLUDED.oxygen_mean,
                    reference_o2 = EXCLUDED.reference_o2, outcome = EXCLUDED.outcome, limit_maximum = EXCLUDED.limit_maximum,
                    limit_lower = EXCLUDED.limit_lower, limit_upper = EXCLUDED.limit_upper, limit_source = EXCLUDED.limit_source,
                    rules_version = EXCLUDED.rules_version
                """
            try await db.execute(query)
            start += Self.rowsPerStatement
        }
    }

    func save(_ figures: [DataQualityFigure], mn: String, judgedThrough: Date, in db: isolated Database) async throws {
        var start = 0
        while start < figures.count {
            let chunk = figures[start..<min(start + Self.rowsPerStatement, figures.count)]
            var query: Query = """
                INSERT INTO judgment.data_quality (mn, factor, period, period_start, period_end, complete, expected, received, valid,
                    rules_version) VALUES
                """
            for (index, figure) in chunk.enumerated() {
                query += index == 0 ? "" : ", "
                query += """
                    (\(mn), \(figure.factor), \(figure.period.rawValue), \(figure.start), \(figure.end), \(figure.end <= judgedThrough),
                     \(figure.expected), \(figure.received), \(figure.valid), \(figure.rulesVersion))
                    """
            }
            query += """
                 ON CONFLICT (mn, factor, period, period_start) DO UPDATE SET period_end = EXCLUDED.period_end, complete = EXCLUDED.complete,
                    expected = EXCLUDED.expected, received = EXCLUDED.received, valid = EXCLUDED.valid, rules_version = EXCLUDED.rules_version
                """
            try await db.execute(query)
            start += Self.rowsPerStatement
        }
    }

    /// The stored days of `mn` in `span` by factor, as `PeriodMean`s.
    func days(mn: String, span: TimeSpan, in db: isolated Database) async throws -> [String: [PeriodMean]] {
        var result: [String: [PeriodMean]] = [:]
        for row in try await db.query("""
            SELECT factor, period_start, period_end, source, value, valid_count, required_count, expected_count, raw_value,
                   raw_valid_count, exempt_valid_count, weighting, minutes_valid, minutes_over_range, minutes_not_measured,
                   minutes_invalid, minutes_missing, minutes_out_of_service, device_mean, device_mean_mismatch
            FROM judgment.period_means
            WHERE mn = \(mn) AND level = 'day' AND period_start >= \(span.start) AND period_start < \(span.end)
            ORDER BY factor, period_start
            """) {
            var minutes = PeriodMean.StatusMinutes()
            minutes.valid = try row.decode("minutes_valid", as: Int.self)
            minutes.overRange = try row.decode("minutes_over_range", as: Int.self)
            minutes.notMeasured = try row.decode("minutes_not_measured", as: Int.self)
            minutes.invalid = try row.decode("minutes_invalid", as: Int.self)
            minutes.missing = try row.decode("minutes_missing", as: Int.self)
            minutes.outOfService = try row.decode("minutes_out_of_service", as: Int.self)
            let source = try row.decode("source", as: String.self), weighting = try row.decode("weighting", as: String.self)
            guard let meanSource = PeriodMean.Source(rawValue: source), let meanWeighting = PeriodMean.Weighting(rawValue: weighting) else {
                throw LevelStoreError.unknownValue("source \(source) / weighting \(weighting)")
            }
            let day = PeriodMean(
                level: .day, start: try row.decode("period_start", as: Date.self), end: try row.decode("period_end", as: Date.self),
                source: meanSource, value: try row.decode("value", as: Double?.self), validCount: try row.decode("valid_count", as: Int.self),
                requiredCount: try row.decode("required_count", as: Int.self), expectedCount: try row.decode("expected_count", as: Int.self),
                rawValue: try row.decode("raw_value", as: Double?.self), rawValidCount: try row.decode("raw_valid_count", as: Int.self),
                exemptValidCount: try row.decode("exempt_valid_count", as: Int.self), weighting: meanWeighting, minutes: minutes,
                deviceMean: try row.decode("device_mean", as: Double?.self),
                deviceMeanMismatch: try row.decode("device_mean_mismatch", as: Bool.self))
            result[try row.decode("factor", as: String.self), default: []].append(day)
        }
        return result
    }

    /// The stored day figures of `mn` in `span`.
    func dayQuality(mn: String, subject: String, span: TimeSpan, in db: isolated Database) async throws -> [DataQualityFigure] {
        try await db.query("""
            SELECT factor, period_start, period_end, expected, received, valid, rules_version FROM judgment.data_quality
            WHERE mn = \(mn) AND period = 'day' AND period_start >= \(span.start) AND period_start < \(span.end)
            ORDER BY factor, period_start
            """).map { row in
            DataQualityFigure(subject: subject, factor: try row.decode("factor"), period: .day, start: try row.decode("period_start"),
                              end: try row.decode("period_end"), expected: try row.decode("expected"), received: try row.decode("received"),
                              valid: try row.decode("valid"), rulesVersion: try row.decode("rules_version"))
        }
    }

    /// The stored hours of `mn`'s `factor` in `span` judged within or over their limit.
    func judgedHours(mn: String, factor: String, span: TimeSpan, in db: isolated Database) async throws -> [FalsificationDetector.JudgedValue] {
        try await JudgmentReadings.judgedHours(mn: mn, factor: factor, span: span, in: db)
    }
}

enum LevelStoreError: Error, CustomStringConvertible {
    case unknownValue(String)

    var description: String {
        switch self {
        case .unknownValue(let detail): "judgment.period_means 中有无法识别的取值：\(detail)"
        }
    }
}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
