public import Foundation

/// One condition of a trigger rule (data/supervision/rules.json). A stage opens when any of its
/// conditions holds.
public enum TriggerCondition: Sendable, Hashable, CustomStringConvertible {
    public enum Comparison: String, Sendable, Hashable, Codable {
        /// ≥
        case atLeast
        /// >
        case above
    }

    /// At once, for any matching finding.
    case immediately
    /// A standing finding's measure compared with a threshold (the largest over the findings).
    case measure(TriggerMeasure, Comparison, Double)
    /// The marking deadline of the episode (plus grace hours) has passed and a finding stands:
    /// nothing marked it away in time.
    case pastMarkingDeadline(graceHours: Double)
    /// The order has been this many hours in the stage listed just before in the rule.
    case hoursInPreviousStage(Double)

    /// What the conditions are evaluated against.
    public struct Facts: Sendable {
        public var findings: [Finding]
        public var markingDeadline: Date?
        /// The order's current stage and when it began; nil while opening.
        public var current: (stage: OrderStage, since: Date)?
        public var now: Date

        public init(findings: [Finding], markingDeadline: Date?, current: (stage: OrderStage, since: Date)?, now: Date) {
            self.findings = findings
            self.markingDeadline = markingDeadline
            self.current = current
            self.now = now
        }
    }

    /// Whether the condition holds for a stage whose predecessor in the rule is `previous`; the
    /// explanation (zh-CN) says why, for the event's reason.
    public func holds(_ facts: Facts, previous: OrderStage?) -> String? {
        guard !facts.findings.isEmpty else { return nil }
        switch self {
        case .immediately:
            return "发现即触发"
        case .measure(let measure, let comparison, let threshold):
            let values = facts.findings.compactMap { $0.measure(measure) }
            guard let value = values.max() else { return nil }
            let met = comparison == .atLeast ? value >= threshold : value > threshold
            return met ? "\(measure.nameZh) \(Self.format(value)) \(comparison == .atLeast ? "≥" : ">") \(Self.format(threshold))" : nil
        case .pastMarkingDeadline(let grace):
            guard let deadline = facts.markingDeadline, facts.now >= deadline.addingTimeInterval(grace * 3600) else { return nil }
            return grace > 0 ? "标记截止时间后\(Self.format(grace))小时仍未消除" : "标记截止时间已过仍未消除"
        case .hoursInPreviousStage(let hours):
            guard let previous, let current = facts.current, current.stage == previous,
                  facts.now.timeIntervalSince(current.since) >= hours * 3600 else { return nil }
            return "\(previous.chineseName)已持续\(Self.format(hours))小时"
        }
    }

    public var description: String {
        switch self {
        case .immediately: "immediately"
        case .measure(let measure, let comparison, let threshold): "\(measure.rawValue) \(comparison.rawValue) \(threshold)"
        case .pastMarkingDeadline(let grace): "pastMarkingDeadline +\(grace)h"
        case .hoursInPreviousStage(let hours): "hoursInPreviousStage \(hours)"
        }
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        let text = String((value * 100).rounded() / 100)
        return text
    }
}
