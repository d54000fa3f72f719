public import Foundation
public import Domain

/// The content of the mark catalogue file (`data/catalogue/marks.json`): mark types, overlap
/// rules and marking policies.
public struct MarksDocument: Sendable {
    public static let format = "duban.catalogue.marks.v1"

    public var catalogue: MarkCatalogue

    public init(catalogue: MarkCatalogue) { self.catalogue = catalogue }

    public static func parse(_ data: Data, file: String) throws(ImportError) -> MarksDocument {
        let root = try JSONValue.parse(data, file: file)
        var reader = try RecordReader.document(root, file: file, format: Self.format)
        let types: [MarkType] = reader.records("types", label: { "types[\($0)]" }, read: readType)
        let rules: [OverlapRule] = reader.records("overlapRules", label: { "overlapRules[\($0)]" }, read: readRule)
        let policies: [MarkingPolicy] = reader.records("policies", label: { "policies[\($0)]" }, read: readPolicy)
        reader.finish()
        guard reader.isValid else { throw ImportError(problems: reader.problems) }
        do {
            return MarksDocument(catalogue: try MarkCatalogue(types: types, overlapRules: rules, policies: policies))
        } catch {
            throw ImportError(problems: error.problems.map {
                ImportProblem(file: file, record: $0.record, field: $0.field, message: $0.message)
            })
        }
    }

    static func readType(_ reader: inout RecordReader) -> MarkType? {
        let id = reader.string("id")
        let nameZh = reader.string("nameZh")
        let nameEn = reader.string("nameEn")
        let family = reader.enumeration("family", MarkFamily.self)
        let industries = reader.enumerations("industries", Industry.self)
        let effect = reader.enumeration("effect", ValidityEffect.self)
        let flags = Set(reader.strings("suggestedByFlags"))
        let statuses: [MarkType.StatusSuggestion] = reader.objects("suggestedByStatus") { nested in
            guard let code = nested.string("code") else { return nil }
            let values = nested.numbers("values")
            guard !values.isEmpty, values.allSatisfy({ $0 == $0.rounded() && $0 >= 0 }) else {
                nested.problem("values", "应为非负整数数组")
                return nil
            }
            return MarkType.StatusSuggestion(code: code, values: values.map { Int($0) })
        }
        let evidence: [MarkType.Evidence] = reader.objects("evidence") { nested in
            guard let code = nested.string("code"), let name = nested.string("nameZh") else { return nil }
            return MarkType.Evidence(code: code, nameZh: name, required: nested.bool("required", default: false))
        }
        let prefix = reader.bool("reasonPrefixRequired", default: false)
        let effective = reader.period()
        let source = reader.string("source")
        let provisional = reader.bool("provisional", default: false)
        guard let id, let nameZh, let nameEn, let family, let effect, let effective, let source else { return nil }
        if family == .workingCondition, industries.isEmpty {
            reader.problem("industries", "工况标记须注明所属行业")
            return nil
        }
        return MarkType(id: id, nameZh: nameZh, nameEn: nameEn, family: family, industries: industries, effect: effect,
                        suggestedByFlags: flags, suggestedByStatus: statuses, evidence: evidence, reasonPrefixRequired: prefix,
                        effective: effective, sourceNote: source, provisional: provisional)
    }

    static func readRule(_ reader: inout RecordReader) -> OverlapRule? {
        let id = reader.string("id")
        let outer = reader.string("outer")
        let inner = reader.string("inner")
        let relation = reader.enumeration("relation", OverlapRelation.self)
        let message = reader.string("messageZh")
        let effective = reader.period()
        let source = reader.string("source")
        let provisional = reader.bool("provisional", default: false)
        guard let id, let outer, let inner, let relation, let message, let effective, let source else { return nil }
        return OverlapRule(id: id, outer: outer, inner: inner, relation: relation, messageZh: message, effective: effective,
                           sourceNote: source, provisional: provisional)
    }

    static func readPolicy(_ reader: inout RecordReader) -> MarkingPolicy? {
        let id = reader.string("id")
        let province = reader.string("province")
        let version = reader.string("ruleVersion")
        let effective = reader.period()
        let deadlineDays = reader.integer("deadlineDays", in: 0...31)
        let deadlineTime = reader.string("deadlineTime")
        let backMarkingDays = reader.integer("backMarkingDays", in: 0...366)
        let lockDays = reader.integer("lockDays", in: 0...366)
        let missingMinutes = reader.integer("missingDataReportMinutes", in: 1...10_080)
        let caps: [MarkingPolicy.Cap] = reader.objects("caps") { nested in
            guard let type = nested.string("markType") else { return nil }
            let yearly = nested.optionalNumber("yearlyHours")
            let each = nested.optionalNumber("perOccurrenceHours")
            guard yearly != nil || each != nil else {
                nested.problem("yearlyHours", "须填写 yearlyHours 或 perOccurrenceHours")
                return nil
            }
            guard (yearly ?? 1) > 0, (each ?? 1) > 0 else {
                nested.problem("yearlyHours", "时长须大于 0")
                return nil
            }
            return MarkingPolicy.Cap(markType: type, yearlyHours: yearly, perOccurrenceHours: each,
                                     provisional: nested.bool("provisional", default: false))
        }
        let source = reader.string("source")
        let provisional = reader.bool("provisional", default: false)
        guard let id, let province, let version, let effective, let deadlineDays, let deadlineTime, let backMarkingDays,
              let lockDays, let missingMinutes, let source else { return nil }
        guard let minute = Self.minuteOfDay(deadlineTime) else {
            reader.problem("deadlineTime", "时刻 \(JSONValue.quoted(deadlineTime)) 无效，应为 HH:MM（北京时间）")
            return nil
        }
        if province != "national", Jurisdiction.codeProblem(province, level: .province, parentCode: nil) != nil {
            reader.problem("province", "应为省级行政区划代码（如 510000）或 national")
            return nil
        }
        return MarkingPolicy(id: id, province: province, ruleVersion: version, effective: effective, deadlineDays: deadlineDays,
                             deadlineMinuteOfDay: minute, backMarkingDays: backMarkingDays, lockDays: lockDays,
                             missingDataReportMinutes: missingMinutes, caps: caps, sourceNote: source, provisional: provisional)
    }

    static func minuteOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        return hour * 60 + minute
    }

    static func timeText(_ minuteOfDay: Int) -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(minuteOfDay / 60)):\(two(minuteOfDay % 60))"
    }

    public func text() -> String {
        JSONValue.documentText([
            ("format", .string(Self.format)),
            ("types", .array(catalogue.types.sorted { $0.id < $1.id }.map { .object($0.fields) })),
            ("overlapRules", .array(catalogue.overlapRules.sorted { $0.id < $1.id }.map { .object($0.fields) })),
            ("policies", .array(catalogue.policies.sorted { $0.id < $1.id }.map { .object($0.fields) })),
        ])
    }
}

extension MarkType {
    var fields: [String: JSONValue] {
        ["id": .string(id), "nameZh": .string(nameZh), "nameEn": .string(nameEn), "family": .string(family.rawValue),
         "industries": JSONValue(strings: industries.map(\.rawValue)), "effect": .string(effect.rawValue),
         "suggestedByFlags": JSONValue(strings: suggestedByFlags),
         "suggestedByStatus": .array(suggestedByStatus.map {
             .object(["code": .string($0.code), "values": .array($0.values.map { .number(Double($0)) })])
         }),
         "evidence": .array(evidence.map { .object(["code": .string($0.code), "nameZh": .string($0.nameZh), "required": .bool($0.required)]) }),
         "reasonPrefixRequired": reasonPrefixRequired ? .bool(true) : .null,
         "effectiveFrom": .string(effective.from.description), "effectiveUntil": JSONValue(effective.until?.description),
         "source": .string(sourceNote), "provisional": .bool(provisional)].compacted
    }
}

extension OverlapRule {
    var fields: [String: JSONValue] {
        ["id": .string(id), "outer": .string(outer), "inner": .string(inner), "relation": .string(relation.rawValue),
         "messageZh": .string(messageZh), "effectiveFrom": .string(effective.from.description),
         "effectiveUntil": JSONValue(effective.until?.description), "source": .string(sourceNote),
         "provisional": .bool(provisional)].compacted
    }
}

extension MarkingPolicy {
    var fields: [String: JSONValue] {
        ["id": .string(id), "province": .string(province), "ruleVersion": .string(ruleVersion),
         "effectiveFrom": .string(effective.from.description), "effectiveUntil": JSONValue(effective.until?.description),
         "deadlineDays": .number(Double(deadlineDays)), "deadlineTime": .string(MarksDocument.timeText(deadlineMinuteOfDay)),
         "backMarkingDays": .number(Double(backMarkingDays)), "lockDays": .number(Double(lockDays)),
         "missingDataReportMinutes": .number(Double(missingDataReportMinutes)),
         "caps": .array(caps.map {
             .object(["markType": .string($0.markType), "yearlyHours": JSONValue($0.yearlyHours),
                      "perOccurrenceHours": JSONValue($0.perOccurrenceHours), "provisional": .bool($0.provisional)].compacted)
         }),
         "source": .string(sourceNote), "provisional": .bool(provisional)].compacted
    }
}
