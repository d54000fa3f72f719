public import Foundation

/// The supervision rules file (`data/supervision/rules.json`, format
/// `duban.supervision.rules.v1`): rulesets per province and version. docs/supervision.md
/// describes every field.
public enum SupervisionRulesDocument {
    public static let format = "duban.supervision.rules.v1"

    public static func parse(_ data: Data, file: String) throws(CatalogueError) -> SupervisionRules {
        let root = try StrictJSON.decode(Root.self, from: data, file: file)
        var problems: [CatalogueError.Problem] = []
        if root.format != format {
            problems.append(.init(record: file, field: "format", message: "不支持的格式「\(root.format)」，应为 \(format)"))
        }
        var rulesets: [SupervisionRuleset] = []
        for (index, raw) in root.rulesets.enumerated() {
            let record = "\(file)#rulesets[\(index)](\(raw.id))"
            if let ruleset = convert(raw, record: record, problems: &problems) { rulesets.append(ruleset) }
        }
        guard problems.isEmpty else { throw CatalogueError(problems: problems) }
        do {
            return try SupervisionRules(rulesets: rulesets)
        } catch {
            throw CatalogueError(problems: error.problems.map { .init(record: "\(file)#\($0.record)", field: $0.field, message: $0.message) })
        }
    }

    private static func convert(_ raw: RawRuleset, record: String, problems: inout [CatalogueError.Problem]) -> SupervisionRuleset? {
        let before = problems.count
        if raw.province != "national", Jurisdiction.codeProblem(raw.province, level: .province, parentCode: nil) != nil {
            problems.append(.init(record: record, field: "province", message: "应为 national 或省级行政区划代码（如 510000）"))
        }
        let from = StrictJSON.date(raw.effectiveFrom, record: record, field: "effectiveFrom", into: &problems)
        let until = raw.effectiveUntil.flatMap { StrictJSON.date($0, record: record, field: "effectiveUntil", into: &problems) }
        var effective: EffectivePeriod?
        if let from {
            effective = EffectivePeriod(from: from, until: until)
            if effective == nil { problems.append(.init(record: record, field: "effectiveUntil", message: "须晚于 effectiveFrom")) }
        }
        var triggers: [TriggerRule] = []
        for (index, trigger) in raw.triggers.enumerated() {
            let field = "triggers[\(index)](\(trigger.id))"
            var stages: [TriggerRule.StageRule] = []
            for (position, stage) in trigger.stages.enumerated() {
                var conditions: [TriggerCondition] = []
                for (number, condition) in stage.anyOf.enumerated() {
                    let path = "\(field).stages[\(position)].anyOf[\(number)]"
                    switch condition.condition {
                    case .success(let value): conditions.append(value)
                    case .failure(let failure): problems.append(.init(record: record, field: path, message: failure.message))
                    }
                }
                stages.append(.init(stage: stage.stage, anyOf: conditions))
            }
            triggers.append(TriggerRule(
                id: trigger.id, orderType: trigger.orderType, basis: trigger.basis, detail: trigger.detail, stages: stages,
                afterAcceptedReply: trigger.afterAcceptedReply, afterConditionCleared: trigger.afterConditionCleared, noteZh: trigger.note, source: trigger.source,
                provisional: trigger.provisional))
        }
        let deadlines = raw.deadlines.map { DeadlineRule(orderType: $0.orderType.type, duty: $0.duty, workingDays: $0.workingDays) }
        let inhibitions = raw.inhibitions.map {
            InhibitionRule(id: $0.id, inhibitorType: $0.inhibitor.orderType, inhibitorDetails: $0.inhibitor.details ?? [],
                           inhibits: $0.inhibits, toleranceMinutes: $0.toleranceMinutes, source: $0.source, provisional: $0.provisional)
        }
        var recipientStages: [OrderStage: RecipientPolicy.StageRule] = [:]
        for (key, rule) in raw.recipients {
            guard let stage = OrderStage(rawValue: key) else {
                problems.append(.init(record: record, field: "recipients.\(key)", message: "未知阶段，应为 pre_warning、dispatch 或 handling_after"))
                continue
            }
            recipientStages[stage] = .init(enterprise: rule.enterprise, localBureau: rule.localBureau, copyUpTo: rule.copyUpTo)
        }
        guard problems.count == before, let effective else { return nil }
        do {
            return try SupervisionRuleset(
                id: raw.id, province: raw.province, version: raw.version, effective: effective, triggers: triggers, deadlines: deadlines,
                reminderHoursBefore: raw.reminders.hoursBefore, grouping: GroupingPolicy(joinGapHours: raw.grouping.joinGapHours),
                inhibitions: inhibitions, recipients: RecipientPolicy(stages: recipientStages), source: raw.source,
                provisional: raw.provisional)
        } catch {
            problems += error.problems.map { .init(record: record, field: $0.field, message: "\($0.record == raw.id ? "" : "\($0.record)：")\($0.message)") }
            return nil
        }
    }

    private struct Root: Decodable {
        var format: String
        var rulesets: [RawRuleset]

        init(from decoder: any Decoder) throws {
            try StrictJSON.rejectUnknownKeys(decoder, allowed: ["format", "note", "rulesets"])
            let container = try decoder.container(keyedBy: StrictJSON.AnyKey.self)
            format = try container.required("format")
            rulesets = try container.required("rulesets")
        }
    }

    private struct RawRuleset: Decodable {
        var id, province, version, effectiveFrom, source: String
        var effectiveUntil: String?
        var provisional: Bool
        var reminders: RawReminders
        var grouping: RawGrouping
        var recipients: [String: RawRecipients]
        var deadlines: [RawDeadline]
        var triggers: [RawTrigger]
        var inhibitions: [RawInhibition]

        init(from decoder: any Decoder) throws {
            try StrictJSON.rejectUnknownKeys(decoder, allowed: [
                "id", "province", "version", "effectiveFrom", "effectiveUntil", "source", "provisional", "note", "reminders",
                "grouping", "recipients", "deadlines", "triggers", "inhibitions",
            ])
            let container = try decoder.container(keyedBy: StrictJSON.AnyKey.self)
            id = try container.required("id")
            province = try container.required("province")
            version = try container.required("version")
            effectiveFrom = try container.required("effectiveFrom")
            effectiveUntil = try container.optional("effectiveUntil")
            source = try container.required("source")
            provisional = try container.required("provisional")
            reminders = try container.required("reminders")
            grouping = try container.required("grouping")
            recipients = try container.required("recipients")
            deadlines = try container.required("deadlines")
            triggers = try container.required("triggers")
            inhibitions = try container.optional("inhibitions") ?? []
        }
    }

    private struct RawReminders: Decodable {
        var hoursBefore: [Int]

        init(from decoder: any Decoder) throws {
            try StrictJSON.rejectUnknownKeys(decoder, allowed: ["hoursBefore"])
            hoursBefore = try decoder.container(keyedBy: StrictJSON.AnyKey.self).required("hoursBefore")
        }
    }

    private struct RawGrouping: Decodable {
        var joinGapHours: Double

        init(from decoder: any Decoder) throws {
            try StrictJSON.rejectUnknownKeys(decoder, allowed: ["joinGapHours"])
            joinGapHours = try decoder.container(keyedBy: StrictJSON.AnyKey.self).required("joinGapHours")
        }
    }

    private struct RawRecipients: Decodable {
        var enterprise: RecipientPolicy.Part
        var localBureau: RecipientPolicy.Part
        var copyUpTo: Jurisdiction.Level?

        init(from decoder: any Decoder) throws {
            try StrictJSON.rejectUnknownKeys(decoder, allowed: ["enterprise", "localBureau", "copyUpTo"])
            let container = try decoder.container(keyedBy: StrictJSON.AnyKey.self)
            enterprise = try container.required("enterprise")
            localBureau = try container.required("localBureau")
            copyUpTo = try container.optional("copyUpTo")
        }
    }

    /// `*` for all order types, or one type's code.
    private struct TypeOrAll: Decodable {
        var type: OrderType?

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if text == "*" { return }
            guard let type = OrderType(rawValue: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "未知督办类型「\(text)」，应为 * 或 \(OrderType.allCases.map(\.rawValue).joined(separator: "、"))")
            }
            self.type = type
        }
    }

    private struct RawDeadline: Decodable {
        var orderType: TypeOrAll
        var duty: DeadlineDuty
        var workingDays: Int

        init(from decoder: any Decoder) throws {
            try StrictJSON.rejectUnknownKeys(decoder, allowed: ["orderType", "duty", "workingDays", "note"])
            let container = try decoder.container(keyedBy: StrictJSON.AnyKey.self)
            orderType = try container.required("orderType")
            duty = try container.required("duty")
            workingDays = try container.required("workingDays")
        }
    }

    private struct RawTrigger: Decodable {
        var id: String
        var orderType: OrderType
        var basis, detail, note: String?
        var afterAcceptedReply: TriggerRule.Continuation
        var afterConditionCleared: TriggerRule.Continuation
        var stages: [RawStage]
        var source: String
        var provisional: Bool

        init(from decoder: any Decoder) throws {
            try StrictJSON.rejectUnknownKeys(decoder, allowed: [
                "id", "orderType", "basis", "detail", "note", "afterAcceptedReply", "afterConditionCleared", "stages", "source",
                "provisional",
            ])
            let container = try decoder.container(keyedBy: StrictJSON.AnyKey.self)
            id = try container.required("id")
            orderType = try container.required("orderType")
            basis = try container.optional("basis")
            detail = try container.optional("detail")
            note = try container.optional("note")
            afterAcceptedReply = try container.required("afterAcceptedReply")
            afterConditionCleared = try container.required("afterConditionCleared")
            stages = try container.required("stages")
            source = try container.required("source")
            provisional = try container.required("provisional")
        }
    }

    private struct RawStage: Decodable {
        var stage: OrderStage
        var anyOf: [RawCondition]

        init(from decoder: any Decoder) throws {
            try StrictJSON.rejectUnknownKeys(decoder, allowed: ["stage", "anyOf"])
            let container = try decoder.container(keyedBy: StrictJSON.AnyKey.self)
            stage = try container.required("stage")
            anyOf = try container.required("anyOf")
        }
    }

    /// One of `{"immediately": true}`, `{"measure": M, "atLeast"|"above": x}`,
    /// `{"pastMarkingDeadline": true, "graceHours": h}`, `{"hoursInPreviousStage": h}`.
    private struct RawCondition: Decodable {
        var condition: Result<TriggerCondition, Failure>

        struct Failure: Error {
            var message: String
        }

        init(from decoder: any Decoder) throws {
            try StrictJSON.rejectUnknownKeys(decoder, allowed: ["immediately", "measure", "atLeast", "above", "pastMarkingDeadline", "graceHours", "hoursInPreviousStage"])
            let container = try decoder.container(keyedBy: StrictJSON.AnyKey.self)
            let keys = Set(container.allKeys.map(\.stringValue))
            let kinds = keys.intersection(["immediately", "measure", "pastMarkingDeadline", "hoursInPreviousStage"])
            guard kinds.count == 1, let kind = kinds.first else {
                condition = .failure(Failure(message: "条件须恰好是 immediately、measure、pastMarkingDeadline、hoursInPreviousStage 之一"))
                return
            }
            switch kind {
            case "immediately":
                guard keys == ["immediately"], try container.required("immediately", as: Bool.self) else {
                    condition = .failure(Failure(message: "immediately 须为 true 且不带其他字段"))
                    return
                }
                condition = .success(.immediately)
            case "measure":
                let name = try container.required("measure", as: String.self)
                guard let measure = TriggerMeasure(rawValue: name) else {
                    condition = .failure(Failure(message: "未知指标「\(name)」，应为 \(TriggerMeasure.allCases.map(\.rawValue).joined(separator: "、"))"))
                    return
                }
                let atLeast = try container.optional("atLeast", as: Double.self)
                let above = try container.optional("above", as: Double.self)
                guard keys.subtracting(["measure", "atLeast", "above"]).isEmpty, (atLeast == nil) != (above == nil) else {
                    condition = .failure(Failure(message: "measure 条件须且只须给出 atLeast 或 above 之一"))
                    return
                }
                condition = .success(atLeast.map { .measure(measure, .atLeast, $0) } ?? .measure(measure, .above, above!))
            case "pastMarkingDeadline":
                guard keys.subtracting(["pastMarkingDeadline", "graceHours"]).isEmpty,
                      try container.required("pastMarkingDeadline", as: Bool.self) else {
                    condition = .failure(Failure(message: "pastMarkingDeadline 须为 true，可另带 graceHours"))
                    return
                }
                condition = .success(.pastMarkingDeadline(graceHours: try container.optional("graceHours") ?? 0))
            default:
                guard keys == ["hoursInPreviousStage"] else {
                    condition = .failure(Failure(message: "hoursInPreviousStage 不带其他字段"))
                    return
                }
                condition = .success(.hoursInPreviousStage(try container.required("hoursInPreviousStage")))
            }
        }
    }

    private struct RawInhibition: Decodable {
        struct Inhibitor: Decodable {
            var orderType: OrderType
            var details: [String]?

            init(from decoder: any Decoder) throws {
                try StrictJSON.rejectUnknownKeys(decoder, allowed: ["orderType", "details"])
                let container = try decoder.container(keyedBy: StrictJSON.AnyKey.self)
                orderType = try container.required("orderType")
                details = try container.optional("details")
            }
        }

        var id: String
        var inhibitor: Inhibitor
        var inhibits: [OrderType]
        var toleranceMinutes: Int
        var source: String
        var provisional: Bool

        init(from decoder: any Decoder) throws {
            try StrictJSON.rejectUnknownKeys(decoder, allowed: ["id", "inhibitor", "inhibits", "toleranceMinutes", "source", "provisional", "note"])
            let container = try decoder.container(keyedBy: StrictJSON.AnyKey.self)
            id = try container.required("id")
            inhibitor = try container.required("inhibitor")
            inhibits = try container.required("inhibits")
            toleranceMinutes = try container.required("toleranceMinutes")
            source = try container.required("source")
            provisional = try container.required("provisional")
        }
    }
}
