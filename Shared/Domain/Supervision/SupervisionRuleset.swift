/// The supervision rules of one province (or the national default) under one version: triggers,
/// deadlines, reminders, grouping, inhibition and recipients. Every value is data with its
/// source; provisional values say so (data/supervision/rules.json).
public struct SupervisionRuleset: Sendable, Identifiable {
    public let id: String
    /// Province division code (`510000`) or `national`.
    public let province: String
    public let version: String
    public let effective: EffectivePeriod
    public let triggers: [TriggerRule]
    public let deadlines: [DeadlineRule]
    /// Reminders go out this many hours before each deadline.
    public let reminderHoursBefore: [Int]
    public let grouping: GroupingPolicy
    public let inhibitions: [InhibitionRule]
    public let recipients: RecipientPolicy
    public let source: String
    public let provisional: Bool

    public init(id: String, province: String, version: String, effective: EffectivePeriod, triggers: [TriggerRule],
                deadlines: [DeadlineRule], reminderHoursBefore: [Int], grouping: GroupingPolicy, inhibitions: [InhibitionRule],
                recipients: RecipientPolicy, source: String, provisional: Bool) throws(CatalogueError) {
        var problems: [CatalogueError.Problem] = []
        var triggerIds = Set<String>()
        var selectors = Set<String>()
        for trigger in triggers {
            problems += trigger.problems.map { .init(record: "\(id).\($0.record)", field: $0.field, message: $0.message) }
            if !triggerIds.insert(trigger.id).inserted {
                problems.append(.init(record: "\(id).\(trigger.id)", field: "id", message: "触发规则编号重复"))
            }
            let selector = "\(trigger.orderType.rawValue)|\(trigger.basis ?? "*")|\(trigger.detail ?? "*")"
            if !selectors.insert(selector).inserted {
                problems.append(.init(record: "\(id).\(trigger.id)", field: "orderType", message: "与另一条触发规则适用于同一类发现"))
            }
        }
        var deadlineKeys = Set<String>()
        for rule in deadlines {
            let key = "\(rule.orderType?.rawValue ?? "*")|\(rule.duty.rawValue)"
            if !deadlineKeys.insert(key).inserted {
                problems.append(.init(record: id, field: "deadlines[\(key)]", message: "同一类型同一义务的期限重复"))
            }
            if !(1...60).contains(rule.workingDays) {
                problems.append(.init(record: id, field: "deadlines[\(key)]", message: "工作日数须在1–60之间"))
            }
        }
        for duty in DeadlineDuty.allCases where !deadlineKeys.contains("*|\(duty.rawValue)") {
            problems.append(.init(record: id, field: "deadlines", message: "缺少「\(duty.nameZh)」(\(duty.rawValue)) 的默认期限（orderType 为 *）"))
        }
        if reminderHoursBefore.contains(where: { $0 <= 0 }) || Set(reminderHoursBefore).count != reminderHoursBefore.count {
            problems.append(.init(record: id, field: "reminders.hoursBefore", message: "提醒时间须为互不相同的正整数小时"))
        }
        if !(grouping.joinGapHours >= 0) {
            problems.append(.init(record: id, field: "grouping.joinGapHours", message: "须为非负数"))
        }
        var inhibitionIds = Set<String>()
        for rule in inhibitions {
            if !inhibitionIds.insert(rule.id).inserted {
                problems.append(.init(record: "\(id).\(rule.id)", field: "id", message: "抑制规则编号重复"))
            }
            if rule.inhibits.isEmpty || rule.inhibits.contains(rule.inhibitorType) {
                problems.append(.init(record: "\(id).\(rule.id)", field: "inhibits", message: "须列出被抑制的督办类型，且不能抑制自身类型"))
            }
            if rule.toleranceMinutes < 0 {
                problems.append(.init(record: "\(id).\(rule.id)", field: "toleranceMinutes", message: "须为非负整数"))
            }
        }
        for stage in OrderStage.allCases {
            guard let rule = recipients.stages[stage] else {
                problems.append(.init(record: id, field: "recipients.\(stage.rawValue)", message: "缺少该阶段的接收人规则"))
                continue
            }
            if rule.enterprise != .to, rule.localBureau != .to {
                problems.append(.init(record: id, field: "recipients.\(stage.rawValue)", message: "须有主送对象（企业或属地生态环境部门）"))
            }
        }
        if source.trimmingWhitespace.isEmpty { problems.append(.init(record: id, field: "source", message: "须注明来源")) }
        guard problems.isEmpty else { throw CatalogueError(problems: problems) }
        self.id = id
        self.province = province
        self.version = version
        self.effective = effective
        self.triggers = triggers
        self.deadlines = deadlines
        self.reminderHoursBefore = reminderHoursBefore.sorted(by: >)
        self.grouping = grouping
        self.inhibitions = inhibitions
        self.recipients = recipients
        self.source = source
        self.provisional = provisional
    }

    /// The most specific trigger rule for `finding`, or nil when no rule names its type.
    public func trigger(for finding: Finding) -> TriggerRule? {
        triggers.compactMap { rule in rule.specificity(for: finding).map { (rule, $0) } }.max { $0.1 < $1.1 }?.0
    }

    public func trigger(id: String) -> TriggerRule? { triggers.first { $0.id == id } }

    /// Working days for `duty` on an order of `type`: the type's own rule, else the default.
    public func workingDays(for duty: DeadlineDuty, type: OrderType) -> Int {
        if let own = deadlines.first(where: { $0.orderType == type && $0.duty == duty }) { return own.workingDays }
        // The initialiser guarantees a default per duty.
        return deadlines.first { $0.orderType == nil && $0.duty == duty }!.workingDays
    }

    /// The inhibition rules under which `fault` may inhibit orders.
    public func inhibitionRules(for fault: Finding) -> [InhibitionRule] { inhibitions.filter { $0.isInhibitor(fault) } }

    /// True when some rule lets a fault inhibit orders of `type`.
    public func isInhibitable(_ type: OrderType) -> Bool { inhibitions.contains { $0.inhibits.contains(type) } }
}
