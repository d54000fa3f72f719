import Domain
import Foundation
import Registry
import Runtime
import Store

/// `duban-ctl quality` and `duban-ctl means`: print what Judgment stored for a monitoring point,
/// one JSON object per line, times in China time — the data-quality figures per factor and for
/// the point (`*`) per day or month (传输率, 有效率, 数据传输有效率), and the hourly, daily or
/// monthly means of a factor in their layers. Read-only.
enum QualityCommand {
    static let qualityUsage = """
        usage: duban-ctl quality --mn MN --from INSTANT --to INSTANT [--period day|month] [--factor CODE|*]
        """
    static let meansUsage = """
        usage: duban-ctl means --mn MN --factor CODE --from INSTANT --to INSTANT [--level hour|day|month]
        """

    struct Arguments {
        var mn: String
        var range: TimeSpan
        var options: [String: String]
    }

    static func arguments(_ raw: [String], usage: String) -> Result<Arguments, Failure> {
        let (options, _) = CtlSupport.parse(raw)
        guard let mn = options["mn"], let fromText = options["from"], let toText = options["to"] else {
            return .failure(Failure("缺少 --mn、--from 或 --to\n\(usage)"))
        }
        guard let from = InstantText.parse(fromText) ?? CtlSupport.instant(fromText),
              let to = InstantText.parse(toText) ?? CtlSupport.instant(toText) else {
            return .failure(Failure("--from / --to 不是有效时间：应为 2026-04-01 或 2026-04-01T10:00:00+08:00"))
        }
        guard let range = TimeSpan(start: from, end: to) else { return .failure(Failure("--to 须晚于 --from")) }
        return .success(Arguments(mn: mn, range: range, options: options))
    }

    struct Failure: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    static func rate(_ value: Double?) -> Any { value.map { ($0 * 10_000).rounded() / 10_000 } ?? NSNull() }

    static func quality(_ raw: [String]) async -> Int32 {
        let parsed: Arguments
        switch arguments(raw, usage: qualityUsage) {
        case .success(let value): parsed = value
        case .failure(let failure): return CtlSupport.fail(failure.message, status: 2)
        }
        let period = parsed.options["period"] ?? "day"
        guard period == "day" || period == "month" else { return CtlSupport.fail("--period 应为 day 或 month", status: 2) }
        do {
            let database = try await CtlSupport.database()
            let factor = parsed.options["factor"]
            for row in try await database.query("""
                SELECT factor, period_start, period_end, complete, expected, received, valid, rules_version FROM judgment.data_quality
                WHERE mn = \(parsed.mn) AND period = \(period) AND period_start >= \(parsed.range.start) AND period_start < \(parsed.range.end)
                  AND (\(factor)::text IS NULL OR factor = \(factor))
                ORDER BY period_start, factor
                """) {
                let figure = DataQualityFigure(
                    subject: parsed.mn, factor: try row.decode("factor"), period: period == "day" ? .day : .month,
                    start: try row.decode("period_start"), end: try row.decode("period_end"), expected: try row.decode("expected"),
                    received: try row.decode("received"), valid: try row.decode("valid"), rulesVersion: try row.decode("rules_version"))
                Console.line(CtlSupport.json([
                    "mn": parsed.mn, "factor": figure.factor, "period": period, "start": InstantText.format(figure.start),
                    "end": InstantText.format(figure.end), "complete": try row.decode("complete", as: Bool.self), "expected": figure.expected,
                    "received": figure.received, "valid": figure.valid, "transmissionRate": rate(figure.transmissionRate),
                    "validityRate": rate(figure.validityRate), "effectiveTransmissionRate": rate(figure.effectiveTransmissionRate),
                    "rulesVersion": figure.rulesVersion,
                ]))
            }
            return 0
        } catch {
            return CtlSupport.fail("\(error)")
        }
    }

    static func means(_ raw: [String]) async -> Int32 {
        let parsed: Arguments
        switch arguments(raw, usage: meansUsage) {
        case .success(let value): parsed = value
        case .failure(let failure): return CtlSupport.fail(failure.message, status: 2)
        }
        guard let factor = parsed.options["factor"] else { return CtlSupport.fail("缺少 --factor\n\(meansUsage)", status: 2) }
        let level = parsed.options["level"] ?? "hour"
        guard ["hour", "day", "month"].contains(level) else { return CtlSupport.fail("--level 应为 hour、day 或 month", status: 2) }
        do {
            let database = try await CtlSupport.database()
            for row in try await database.query("""
                SELECT period_start, period_end, complete, source, value, valid, valid_count, required_count, raw_value, weighting,
                       device_mean, device_mean_mismatch, judged_value, value_source, outcome, limit_maximum, limit_upper, limit_source,
                       rules_version
                FROM judgment.period_means
                WHERE mn = \(parsed.mn) AND factor = \(factor) AND level = \(level)
                  AND period_start >= \(parsed.range.start) AND period_start < \(parsed.range.end)
                ORDER BY period_start
                """) {
                func optional(_ column: String) throws -> Any { try row.decode(column, as: Double?.self) ?? NSNull() }
                func text(_ column: String) throws -> Any { try row.decode(column, as: String?.self) ?? NSNull() }
                Console.line(CtlSupport.json([
                    "mn": parsed.mn, "factor": factor, "level": level, "start": InstantText.format(try row.decode("period_start")),
                    "end": InstantText.format(try row.decode("period_end")), "complete": try row.decode("complete", as: Bool.self),
                    "source": try row.decode("source", as: String.self), "value": try optional("value"),
                    "valid": try row.decode("valid", as: Bool.self), "validCount": try row.decode("valid_count", as: Int.self),
                    "requiredCount": try row.decode("required_count", as: Int.self), "rawValue": try optional("raw_value"),
                    "weighting": try row.decode("weighting", as: String.self), "deviceMean": try optional("device_mean"),
                    "deviceMeanMismatch": try row.decode("device_mean_mismatch", as: Bool.self), "judgedValue": try optional("judged_value"),
                    "valueSource": try text("value_source"), "outcome": try text("outcome"),
                    "limit": (try row.decode("limit_maximum", as: Double?.self) ?? row.decode("limit_upper", as: Double?.self)) as Any? ?? NSNull(),
                    "limitSource": try text("limit_source"), "rulesVersion": try row.decode("rules_version", as: String.self),
                ]))
            }
            return 0
        } catch {
            return CtlSupport.fail("\(error)")
        }
    }
}
