import Foundation

/// Which finding opens which stage, per order type (and optionally basis or detail), for one
/// province and rule version. Stages are listed in lifecycle order; an order moves to the highest
/// listed stage whose conditions hold and never back.
public struct TriggerRule: Sendable, Hashable, Identifiable {
    public struct StageRule: Sendable, Hashable {
        public var stage: OrderStage
        public var anyOf: [TriggerCondition]

        public init(stage: OrderStage, anyOf: [TriggerCondition]) {
            self.stage = stage
            self.anyOf = anyOf
        }
    }

    /// What an accepted dispatch reply, or a pre-warning's condition clearing, does to the order.
    public enum Continuation: String, Sendable, Hashable, Codable {
        /// The order is done (a wrong mark corrected, a gap explained or ended).
        case close
        /// The finding still decides: the order waits for its withdrawal or for the next stage.
        /// An exceedance that ended is still a violation unless marked away by the marking
        /// deadline, so it goes on to handling after.
        case awaitNextStage = "await-next-stage"
    }

    public var id: String
    public var orderType: OrderType
    public var basis: String?
    public var detail: String?
    public var stages: [StageRule]
    public var afterAcceptedReply: Continuation
    /// Whether a pre-warning closes when its condition clears.
    public var afterConditionCleared: Continuation
    public var noteZh: String?
    public var source: String
    public var provisional: Bool

    public init(id: String, orderType: OrderType, basis: String? = nil, detail: String? = nil, stages: [StageRule],
                afterAcceptedReply: Continuation, afterConditionCleared: Continuation, noteZh: String? = nil, source: String, provisional: Bool) {
        self.id = id
        self.orderType = orderType
        self.basis = basis
        self.detail = detail
        self.stages = stages
        self.afterAcceptedReply = afterAcceptedReply
        self.afterConditionCleared = afterConditionCleared
        self.noteZh = noteZh
        self.source = source
        self.provisional = provisional
    }

    /// How precisely the rule names `finding` (higher wins), or nil when it does not apply.
    public func specificity(for finding: Finding) -> Int? {
        guard finding.type == orderType else { return nil }
        var score = 0
        if let basis {
            guard finding.basis == basis else { return nil }
            score += 1
        }
        if let detail {
            guard finding.detail == detail else { return nil }
            score += 2
        }
        return score
    }

    /// The stage the facts call for, above the current one, with the reason; nil when none.
    public func targetStage(_ facts: TriggerCondition.Facts) -> (stage: OrderStage, reasonZh: String)? {
        var target: (stage: OrderStage, reasonZh: String)?
        for (index, rule) in stages.enumerated() {
            if let current = facts.current, rule.stage <= current.stage { continue }
            let previous = index > 0 ? stages[index - 1].stage : nil
            for condition in rule.anyOf {
                if let reason = condition.holds(facts, previous: previous) {
                    target = (rule.stage, reason)
                    break
                }
            }
        }
        return target
    }

    /// Whether any stage after `stage` is listed: an accepted reply may still lead on.
    public func hasStage(after stage: OrderStage) -> Bool { stages.contains { $0.stage > stage } }

    var problems: [CatalogueError.Problem] {
        var problems: [CatalogueError.Problem] = []
        if stages.isEmpty { problems.append(.init(record: id, field: "stages", message: "至少须有一个阶段")) }
        for (index, rule) in stages.enumerated() {
            if index > 0, rule.stage <= stages[index - 1].stage {
                problems.append(.init(record: id, field: "stages[\(index)]", message: "阶段须按 事前预警→事中调度→事后处理 顺序且不重复"))
            }
            if rule.anyOf.isEmpty {
                problems.append(.init(record: id, field: "stages[\(index)].anyOf", message: "至少须有一个条件"))
            }
            for condition in rule.anyOf {
                switch condition {
                case .hoursInPreviousStage(let hours):
                    if index == 0 { problems.append(.init(record: id, field: "stages[\(index)]", message: "第一个阶段没有前一阶段，不能用 hoursInPreviousStage")) }
                    if !(hours > 0) { problems.append(.init(record: id, field: "stages[\(index)]", message: "小时数须大于0")) }
                case .measure(let measure, _, let threshold):
                    if !threshold.isFinite || threshold < 0 {
                        problems.append(.init(record: id, field: "stages[\(index)]", message: "\(measure.rawValue) 的阈值须为非负数"))
                    }
                case .pastMarkingDeadline(let grace):
                    if !(grace >= 0) { problems.append(.init(record: id, field: "stages[\(index)]", message: "宽限小时数须为非负数")) }
                case .immediately:
                    break
                }
            }
        }
        if source.trimmingWhitespace.isEmpty { problems.append(.init(record: id, field: "source", message: "须注明来源")) }
        return problems
    }
}
