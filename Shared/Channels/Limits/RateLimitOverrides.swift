import Runtime

/// A deployment's own figures for the documented caps (`DUBAN_NOTIFY_RATE_LIMITS`): its contract
/// with a provider may allow more, or a source may say less (Tencent Cloud's daily cap: 10 or 2).
/// Entries `rule=limit/window` change a rule's figures, `rule=off` drops it; the rule's provider,
/// scope and kind of window stay. Windows: a duration (`30s`, `1m`, `1h`: the sliding window, or a
/// token bucket's refill period) or `day` (China-time calendar day), e.g.
/// `tencent.per_number_day=2/day;alibaba.per_number_minute=off;wecom.robot.per_minute=20/60s`.
public enum RateLimitOverrides {
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let entry: String
        public let reason: String
        public var description: String { "rate limit \"\(entry)\": \(reason)" }
    }

    public static func apply(_ text: String, to rules: [RateLimitRule]) throws(ParseError) -> [RateLimitRule] {
        var result = rules
        var seen: Set<String> = []
        for entry in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let sides = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard sides.count == 2, rules.contains(where: { $0.name == sides[0] }) else {
                throw ParseError(entry: entry, reason: "expected rule=limit/window or rule=off with a documented rule: \(rules.map(\.name).joined(separator: ", "))")
            }
            guard seen.insert(sides[0]).inserted, let index = result.firstIndex(where: { $0.name == sides[0] }) else {
                throw ParseError(entry: entry, reason: "rule given twice")
            }
            if sides[1] == "off" {
                result.remove(at: index)
                continue
            }
            let figures = sides[1].split(separator: "/", maxSplits: 1).map(String.init)
            guard figures.count == 2, let limit = Int(figures[0]), limit > 0 else {
                throw ParseError(entry: entry, reason: "expected a positive limit, / and a window (30s, 1h, day)")
            }
            var rule = result[index]
            switch rule.window {
            case .chinaCalendarDay:
                guard figures[1] == "day" else { throw ParseError(entry: entry, reason: "\(rule.name) counts per China-time day: write limit/day") }
            case .slidingWindow, .tokenBucket:
                guard let period = Environment.parseDuration(figures[1]), period > .zero else {
                    throw ParseError(entry: entry, reason: "window \(figures[1]) is not a duration such as 30s, 1m or 1h")
                }
                if case .tokenBucket = rule.window { rule.window = .tokenBucket(period) } else { rule.window = .slidingWindow(period) }
            }
            rule.limit = limit
            rule.basis = "DUBAN_NOTIFY_RATE_LIMITS (replaces: \(rule.basis))"
            rule.provisional = false
            result[index] = rule
        }
        return result
    }
}
