public import Foundation

/// The marking checks file (`data/catalogue/mark-checks.json`, format
/// `duban.catalogue.mark-checks.v1`): submission limits and the reconciliation rules per unit
/// type, under one version that every verdict names.
public struct MarkCheckCatalogue: Sendable {
    public static let format = "duban.catalogue.mark-checks.v1"
    public static let fileName = "mark-checks.json"

    public let version: String
    public let settings: MarkValidationSettings
    public let rules: [ReconciliationRule]

    public init(version: String, settings: MarkValidationSettings, rules: [ReconciliationRule]) throws(CatalogueError) {
        var problems: [CatalogueError.Problem] = []
        if version.isEmpty { problems.append(.init(record: Self.fileName, field: "version", message: "须注明版本")) }
        if settings.futureToleranceMinutes < 0 || settings.maximumSpanHours <= 0 || settings.maximumAttachmentBytes <= 0
            || settings.proposalGapMinutes <= 0 {
            problems.append(.init(record: "validation", field: "*", message: "容差不得为负，最长时段、附件上限与提议间隔须大于0"))
        }
        var ids = Set<String>()
        for rule in rules {
            if !ids.insert(rule.id).inserted { problems.append(.init(record: rule.id, field: "id", message: "规则编号重复")) }
            if rule.markTypes.isEmpty, rule.kind != .missedExceedance, rule.kind != .missedGap {
                problems.append(.init(record: rule.id, field: "markTypes", message: "须列出相关标记类型"))
            }
            switch rule.kind {
            case .suspectedFalse, .missedStop:
                if rule.unitTypes.isEmpty || rule.parameterCode.isEmpty {
                    problems.append(.init(record: rule.id, field: "parameter", message: "须注明机组类型与参数编码"))
                }
                if let share = rule.thresholdShareOfCapacity, !(share > 0 && share <= 1.5) || rule.kind != .suspectedFalse {
                    problems.append(.init(record: rule.id, field: "thresholdShareOfCapacity", message: "仅用于疑似虚假标记规则，须大于0且不超过1.5"))
                }
                if rule.kind == .suspectedFalse, rule.minimumSamples < 1 {
                    problems.append(.init(record: rule.id, field: "minimumSamples", message: "须至少为1"))
                }
                if rule.kind == .missedStop, rule.minimumMinutes <= 0 {
                    problems.append(.init(record: rule.id, field: "minimumMinutes", message: "须大于0"))
                }
                if let proposed = rule.proposedTypeId, !rule.markTypes.contains(proposed) {
                    problems.append(.init(record: rule.id, field: "proposeType", message: "提议的标记类型 \(proposed) 须在 markTypes 中"))
                }
            case .missedExceedance: break
            case .missedProposal: break
            case .missedGap:
                if rule.findingKinds.isEmpty {
                    problems.append(.init(record: rule.id, field: "findingKinds", message: "须列出视为数据缺失的异常类型"))
                }
            case .wrongSequence:
                if rule.afterTypes.isEmpty || rule.withinMinutes <= 0 {
                    problems.append(.init(record: rule.id, field: "afterTypes", message: "须列出前序标记类型且间隔大于0"))
                }
            }
        }
        guard problems.isEmpty else { throw CatalogueError(problems: problems) }
        self.version = version
        self.settings = settings
        self.rules = rules
    }

    /// Rules in force on `day` for a unit of `unitType` (nil: rules that need no parameter).
    public func rules(kind: ReconciliationRule.Kind, unitType: UnitType?, on day: CivilDate) -> [ReconciliationRule] {
        rules.filter { rule in
            rule.kind == kind && rule.effective.contains(day)
                && (rule.kind == .wrongSequence || rule.kind == .missedExceedance || rule.kind == .missedGap
                    || rule.kind == .missedProposal || unitType.map { rule.unitTypes.contains($0) } ?? false)
        }
    }

    /// Reads the file, naming every problem found.
    public static func parse(_ data: Data) throws(CatalogueError) -> MarkCheckCatalogue {
        let file: FileShape
        do { file = try JSONDecoder().decode(FileShape.self, from: data) } catch {
            throw CatalogueError(problems: [.init(record: fileName, field: "*", message: "无法解析：\(error)")])
        }
        guard file.format == format else {
            throw CatalogueError(problems: [.init(record: fileName, field: "format", message: "须为 \(format)，实为 \(file.format)")])
        }
        var problems: [CatalogueError.Problem] = []
        func unitTypes(_ names: [String], record: String) -> Set<UnitType> {
            Set(names.compactMap { name in
                guard let type = UnitType(rawValue: name) else {
                    problems.append(.init(record: record, field: "unitTypes", message: "未知机组类型 \(name)"))
                    return nil
                }
                return type
            })
        }
        func period(_ from: String, _ until: String?, record: String) -> EffectivePeriod? {
            guard let start = CivilDate(iso: from) else {
                problems.append(.init(record: record, field: "effectiveFrom", message: "日期无效 \(from)"))
                return nil
            }
            let end = until.flatMap(CivilDate.init(iso:))
            if until != nil, end == nil { problems.append(.init(record: record, field: "effectiveUntil", message: "日期无效")) }
            guard let effective = EffectivePeriod(from: start, until: end) else {
                problems.append(.init(record: record, field: "effectiveUntil", message: "须晚于施行日期"))
                return nil
            }
            return effective
        }
        var byMarkType: [String: Set<UnitType>] = [:]
        for entry in file.validation.unitTypes {
            byMarkType[entry.markType] = unitTypes(entry.unitTypes, record: entry.markType)
        }
        let settings = MarkValidationSettings(
            futureToleranceMinutes: file.validation.futureToleranceMinutes, maximumSpanHours: file.validation.maximumSpanHours,
            maximumAttachmentBytes: file.validation.maximumAttachmentBytes, proposalGapMinutes: file.validation.proposalGapMinutes, unitTypes: byMarkType, sourceNote: file.validation.source,
            provisional: file.validation.provisional)
        var rules: [ReconciliationRule] = []
        for row in file.rules {
            guard let effective = period(row.effectiveFrom, row.effectiveUntil, record: row.id) else { continue }
            rules.append(ReconciliationRule(
                id: row.id, kind: row.kind, unitTypes: unitTypes(row.unitTypes ?? [], record: row.id), markTypes: Set(row.markTypes),
                parameterCode: row.parameter?.code ?? "", parameterNameZh: row.parameter?.nameZh ?? "",
                measureUnit: row.parameter?.unit ?? "", comparison: row.comparison ?? .above, threshold: row.threshold ?? 0,
                minimumSamples: row.minimumSamples ?? 1, minimumMinutes: row.minimumMinutes ?? 0, afterTypes: Set(row.afterTypes ?? []),
                withinMinutes: row.withinMinutes ?? 0, proposedTypeId: row.proposeType, messageZh: row.messageZh, effective: effective, sourceNote: row.source,
                provisional: row.provisional, thresholdShareOfCapacity: row.thresholdShareOfCapacity, findingKinds: Set(row.findingKinds ?? [])))
        }
        guard problems.isEmpty else { throw CatalogueError(problems: problems) }
        return try MarkCheckCatalogue(version: file.version, settings: settings, rules: rules)
    }

    private struct FileShape: Decodable {
        struct Validation: Decodable {
            struct UnitTypes: Decodable {
                var markType: String
                var unitTypes: [String]
            }
            var futureToleranceMinutes: Int
            var maximumSpanHours: Double
            var maximumAttachmentBytes: Int
            var proposalGapMinutes: Int
            var unitTypes: [UnitTypes]
            var source: String
            var provisional: Bool
        }
        struct Parameter: Decodable {
            var code: String
            var nameZh: String
            var unit: String
        }
        struct Rule: Decodable {
            var id: String
            var kind: ReconciliationRule.Kind
            var unitTypes: [String]?
            var markTypes: [String]
            var parameter: Parameter?
            var comparison: ReconciliationRule.Comparison?
            var threshold: Double?
            var thresholdShareOfCapacity: Double?
            var findingKinds: [String]?
            var minimumSamples: Int?
            var minimumMinutes: Double?
            var afterTypes: [String]?
            var withinMinutes: Double?
            var proposeType: String?
            var messageZh: String
            var effectiveFrom: String
            var effectiveUntil: String?
            var source: String
            var provisional: Bool
        }
        var format: String
        var version: String
        var validation: Validation
        var rules: [Rule]
    }
}
