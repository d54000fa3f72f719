/// The mark catalogue: mark types, the overlap rules between them and the marking policies of
/// each province and rule version, checked for consistency.
public struct MarkCatalogue: Sendable {
    public let types: [MarkType]
    public let overlapRules: [OverlapRule]
    public let policies: [MarkingPolicy]
    /// Relation for a pair no rule names. Exclusive: an unforeseen overlap is reviewed, not
    /// silently accepted.
    public let defaultRelation: OverlapRelation
    private let typesById: [String: MarkType]

    public init(types: [MarkType], overlapRules: [OverlapRule], policies: [MarkingPolicy],
                defaultRelation: OverlapRelation = .exclusive) throws(CatalogueError) {
        var problems: [CatalogueError.Problem] = []
        var byId: [String: MarkType] = [:]
        for type in types where byId.updateValue(type, forKey: type.id) != nil {
            problems.append(.init(record: type.id, field: "id", message: "标记类型编号重复"))
        }
        var ruleIds = Set<String>()
        for rule in overlapRules {
            if !ruleIds.insert(rule.id).inserted { problems.append(.init(record: rule.id, field: "id", message: "规则编号重复")) }
            let families = Set(MarkFamily.allCases.map(OverlapRule.familySelector))
            for (field, type) in [("outer", rule.outer), ("inner", rule.inner)] where byId[type] == nil && !families.contains(type) {
                problems.append(.init(record: rule.id, field: field, message: "引用了不存在的标记类型 \(type)"))
            }
        }
        for (index, rule) in overlapRules.enumerated() {
            for other in overlapRules[(index + 1)...] where other.concerns(rule.outer, rule.inner)
                && rule.effective.until.map({ $0 > other.effective.from }) ?? true
                && other.effective.until.map({ $0 > rule.effective.from }) ?? true {
                // Two nest rules in both directions are allowed (either may contain the other).
                if rule.relation == .mayNest, other.relation == .mayNest, rule.outer != other.outer { continue }
                problems.append(.init(record: other.id, field: "inner", message: "与规则 \(rule.id) 针对同一对标记类型且施行期重叠"))
            }
        }
        var policyIds = Set<String>()
        for policy in policies {
            if !policyIds.insert(policy.id).inserted {
                problems.append(.init(record: policy.id, field: "id", message: "标记规则编号重复"))
            }
            for cap in policy.caps where byId[cap.markType] == nil {
                problems.append(.init(record: policy.id, field: "caps", message: "引用了不存在的标记类型 \(cap.markType)"))
            }
            if policy.backMarkingDays < policy.deadlineDays - 1 || policy.lockDays < policy.backMarkingDays {
                problems.append(.init(record: policy.id, field: "lockDays", message: "须满足 截止 ≤ 补标窗口 ≤ 锁定"))
            }
            if !(0..<(24 * 60)).contains(policy.deadlineMinuteOfDay) {
                problems.append(.init(record: policy.id, field: "deadlineTime", message: "截止时刻须在 00:00–23:59"))
            }
        }
        guard problems.isEmpty else { throw CatalogueError(problems: problems) }
        self.types = types
        self.overlapRules = overlapRules
        self.policies = policies
        self.defaultRelation = defaultRelation
        typesById = byId
    }

    public func type(id: String) -> MarkType? { typesById[id] }

    /// Mark types the platform proposes, for the enterprise to confirm, when a device sends `flag`.
    public func suggestions(forFlag flag: String) -> [MarkType] {
        types.filter { $0.suggestedByFlags.contains(flag) }
    }

    /// Mark types the platform proposes when status parameter `code` (i12001…) takes `value`.
    public func suggestions(forStatus code: String, value: Int) -> [MarkType] {
        types.filter { $0.suggestedByStatus.contains { $0.code == code && $0.values.contains(value) } }
    }

    /// The policy in force for `province` on `day`: the province's own, else the national one.
    public func policy(province: String, on day: CivilDate) -> MarkingPolicy? {
        let inForce = policies.filter { $0.effective.contains(day) }
        return inForce.first { $0.province == province } ?? inForce.first { $0.province == "national" }
    }

    /// The rules for a pair of types in force on `day`: those naming both types exactly, else
    /// those naming them by family.
    public func rules(between a: String, and b: String, on day: CivilDate) -> [OverlapRule] {
        guard let typeA = typesById[a], let typeB = typesById[b] else {
            return overlapRules.filter { $0.concerns(a, b) && $0.effective.contains(day) }
        }
        let applicable = overlapRules.filter { $0.effective.contains(day) && $0.applies(to: typeA, typeB) }
        let exact = applicable.filter(\.isExact)
        return exact.isEmpty ? applicable : exact
    }

    /// Every overlap rule `new` breaks against `existing` marks of the same subject. Rules are
    /// those in force on the China-time day the new mark starts.
    public func conflicts(of new: MarkPeriod, with existing: [MarkPeriod]) -> [MarkConflict] {
        let day = CivilDate(chinaTimeOf: new.start)
        var conflicts: [MarkConflict] = []
        for other in existing where other.id != new.id && other.overlaps(new) {
            let rules = rules(between: new.typeId, and: other.typeId, on: day)
            if rules.contains(where: { allows($0, new: new, other: other) }) { continue }
            let rule = rules.first
            let newName = typesById[new.typeId]?.nameZh ?? new.typeId
            let otherName = typesById[other.typeId]?.nameZh ?? other.typeId
            conflicts.append(MarkConflict(
                newMarkId: new.id, existingMarkId: other.id, ruleId: rule?.id, relation: rule?.relation ?? defaultRelation,
                messageZh: rule?.messageZh ?? "「\(newName)」与已有「\(otherName)」时段重叠，目录未允许这两类标记重叠",
                provisional: rule?.provisional ?? false))
        }
        return conflicts
    }

    private func allows(_ rule: OverlapRule, new: MarkPeriod, other: MarkPeriod) -> Bool {
        switch rule.relation {
        case .mayOverlap: return true
        case .exclusive: return false
        case .mayNest:
            // The rule's inner type must lie wholly inside its outer type.
            guard let newType = typesById[new.typeId], let otherType = typesById[other.typeId] else { return false }
            if OverlapRule.side(rule.outer, matches: otherType), OverlapRule.side(rule.inner, matches: newType),
               other.contains(new) { return true }
            if OverlapRule.side(rule.outer, matches: newType), OverlapRule.side(rule.inner, matches: otherType),
               new.contains(other) { return true }
            return false
        }
    }
}
