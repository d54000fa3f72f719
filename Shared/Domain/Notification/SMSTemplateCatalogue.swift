/// The SMS templates in force, by kind. Data, not code: a province replaces this table with the
/// templates its provider approved (signature, code, variables, approval date) — issue 8 moves
/// it into the registry. The start-up check refuses a template whose worst case exceeds 500
/// characters and warns above 70 (one message).
public struct SMSTemplateCatalogue: Sendable {
    public var templates: [String: SMSTemplate]

    /// The kind of the digest that replaces several notifications to one person when a rate
    /// limit would otherwise hold them back.
    public static let digestKind = "digest"

    public init(templates: [SMSTemplate]) {
        self.templates = Dictionary(templates.map { ($0.kind, $0) }, uniquingKeysWith: { _, newer in newer })
    }

    public func template(kind: String) -> SMSTemplate? { templates[kind] }

    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public let kind: String
        public let worstCase: Int
        public let fatal: Bool
        public var description: String {
            fatal ? "template \(kind): worst case \(worstCase) characters exceeds the 500-character SMS maximum"
                : "template \(kind): worst case \(worstCase) characters is more than one SMS (70); billed as \(SMSLength.parts(forCharacters: worstCase)) parts"
        }
    }

    /// Problems found by the worst-case length check; any fatal one must stop start-up.
    public func lengthProblems() -> [Problem] {
        templates.values.sorted { $0.kind < $1.kind }.compactMap { template in
            let worst = template.worstCaseCharacters
            if worst > SMSLength.maximumCharacters { return Problem(kind: template.kind, worstCase: worst, fatal: true) }
            if worst > SMSLength.singleMessageCharacters { return Problem(kind: template.kind, worstCase: worst, fatal: false) }
            return nil
        }
    }

    /// A template whose definition cannot be sent as written.
    public struct DefinitionProblem: Sendable, Equatable, CustomStringConvertible {
        public let kind: String
        public let reason: String
        public let fatal: Bool
        public var description: String { "template \(kind): \(reason)" }
    }

    /// Checks each template's text against its declared variables and approvals. Fatal: a
    /// placeholder with no declared variable (it would go out as `{name}`), a variable without a
    /// positive maximum length, two approvals at one provider, an empty template code. Warning: a
    /// declared variable the text never uses.
    public func definitionProblems() -> [DefinitionProblem] {
        var problems: [DefinitionProblem] = []
        for template in templates.values.sorted(by: { $0.kind < $1.kind }) {
            let declared = template.variables.map(\.name)
            let used = template.placeholders
            for name in used where !declared.contains(name) {
                problems.append(.init(kind: template.kind, reason: "placeholder {\(name)} has no declared variable", fatal: true))
            }
            for variable in template.variables where variable.maxLength <= 0 {
                problems.append(.init(kind: template.kind, reason: "variable \(variable.name) has no positive maximum length", fatal: true))
            }
            for name in declared where !used.contains(name) {
                problems.append(.init(kind: template.kind, reason: "variable \(name) is declared but not used in the text", fatal: false))
            }
            var seen: Set<NotificationProvider> = []
            for approval in template.approvals {
                if !seen.insert(approval.provider).inserted {
                    problems.append(.init(kind: template.kind, reason: "two approvals at \(approval.provider.rawValue)", fatal: true))
                }
                if approval.templateCode.isEmpty {
                    problems.append(.init(kind: template.kind, reason: "approval at \(approval.provider.rawValue) has no template code", fatal: true))
                }
            }
        }
        return problems
    }

    public static func defaults(signature: String) -> SMSTemplateCatalogue {
        SMSTemplateCatalogue(templates: [
            SMSTemplate(
                kind: "pre_warning.exceedance", version: 1, signature: signature,
                text: "事前预警：{enterprise}{outlet}{period}{factor}小时均值{value}{unit}，超过限值{limit}{unit}，单号{orderNumber}，请及时核查处置。",
                variables: [
                    .init(name: "enterprise", maxLength: 30, type: .organisation), .init(name: "outlet", maxLength: 20),
                    .init(name: "period", maxLength: 12, type: .time), .init(name: "factor", maxLength: 10),
                    .init(name: "value", maxLength: 10, type: .number), .init(name: "unit", maxLength: 8),
                    .init(name: "limit", maxLength: 10, type: .number), .init(name: "orderNumber", maxLength: 16, type: .code),
                ]),
            SMSTemplate(
                kind: "pre_warning.missing_data", version: 1, signature: signature,
                text: "事前预警：{enterprise}{outlet}自{period}起自动监测数据缺失，单号{orderNumber}，请及时核查恢复传输。",
                variables: [
                    .init(name: "enterprise", maxLength: 30, type: .organisation), .init(name: "outlet", maxLength: 20),
                    .init(name: "period", maxLength: 12, type: .time), .init(name: "orderNumber", maxLength: 16, type: .code),
                ]),
            SMSTemplate(
                kind: "dispatch.missing_data", version: 1, signature: signature,
                text: "电子督办：{enterprise}{outlet}自{period}起自动监测数据缺失，单号{orderNumber}，请于{deadline}前登录平台核实反馈。",
                variables: [
                    .init(name: "enterprise", maxLength: 30, type: .organisation), .init(name: "outlet", maxLength: 20),
                    .init(name: "period", maxLength: 12, type: .time), .init(name: "orderNumber", maxLength: 16, type: .code),
                    .init(name: "deadline", maxLength: 12, type: .time),
                ]),
            SMSTemplate(
                kind: digestKind, version: 1, signature: signature,
                text: "督办提醒：{enterprise}有{count}条自动监测异常待反馈，单号{orderNumber}，请于{deadline}前处理。",
                variables: [
                    .init(name: "enterprise", maxLength: 30, type: .organisation), .init(name: "count", maxLength: 4, type: .number),
                    .init(name: "orderNumber", maxLength: 16, type: .code), .init(name: "deadline", maxLength: 12, type: .time),
                ]),
        ])
    }
}
