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

    /// The template of `kind`, else of its family (the part before the first `.`): the
    /// `pre_warning` text serves `pre_warning.total_quantity`, `overdue` serves
    /// `overdue.enterprise_reply`. The template's own `kind` says which text was used.
    public func template(kind: String) -> SMSTemplate? {
        templates[kind] ?? kind.split(separator: ".", maxSplits: 1).first.flatMap { templates[String($0)] }
    }

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

    /// The variables the order's notices carry (`SupervisionOrder.notificationVariables`), typed.
    static let orderVariables: [String: SMSTemplate.Variable] = [
        "enterprise": .init(name: "enterprise", maxLength: 30, type: .organisation), "outlet": .init(name: "outlet", maxLength: 20),
        "period": .init(name: "period", maxLength: 12, type: .time), "type": .init(name: "type", maxLength: 12),
        "orderNumber": .init(name: "orderNumber", maxLength: 16, type: .code), "deadline": .init(name: "deadline", maxLength: 12, type: .time),
    ]

    static func family(_ kind: String, _ text: String, _ variables: [String], signature: String) -> SMSTemplate {
        SMSTemplate(kind: kind, version: 1, signature: signature, text: text, variables: variables.compactMap { orderVariables[$0] })
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
            // One text per stage and per order event for the order types without their own: the
            // type's Chinese name ({type}) says what happened.
            family("pre_warning", "事前预警：{enterprise}{outlet}{period}起出现{type}，单号{orderNumber}，请及时核查处置。",
                   ["enterprise", "outlet", "period", "type", "orderNumber"], signature: signature),
            family("dispatch", "电子督办：{enterprise}{outlet}{period}起出现{type}，单号{orderNumber}，请于{deadline}前登录平台核实反馈。",
                   ["enterprise", "outlet", "period", "type", "orderNumber", "deadline"], signature: signature),
            family("handling_after", "督办转办：{enterprise}{outlet}{type}（单号{orderNumber}）已转入事后处理，请及时现场核查。",
                   ["enterprise", "outlet", "type", "orderNumber"], signature: signature),
            family("reminder", "督办提醒：单号{orderNumber}（{enterprise}{type}）将于{deadline}到期，请及时登录平台处理。",
                   ["orderNumber", "enterprise", "type", "deadline"], signature: signature),
            family("overdue", "督办逾期：单号{orderNumber}（{enterprise}{type}）已超过办理期限，请尽快登录平台处理。",
                   ["orderNumber", "enterprise", "type"], signature: signature),
            family("resumed", "督办恢复：单号{orderNumber}（{enterprise}{type}）恢复办理，期限重新计算，请登录平台查看。",
                   ["orderNumber", "enterprise", "type"], signature: signature),
            family("reply.submitted", "督办反馈：{enterprise}已就单号{orderNumber}（{type}）提交反馈，请于{deadline}前审核。",
                   ["enterprise", "orderNumber", "type", "deadline"], signature: signature),
            family("reply.accepted", "督办反馈：单号{orderNumber}（{type}）的反馈已通过审核。",
                   ["orderNumber", "type"], signature: signature),
            family("reply.returned", "督办退回：单号{orderNumber}（{type}）的反馈被退回，请于{deadline}前补充后重新提交。",
                   ["orderNumber", "type", "deadline"], signature: signature),
            family("response.submitted", "督办申辩：{enterprise}已就单号{orderNumber}（{type}）提交陈述申辩，请登录平台查看。",
                   ["enterprise", "orderNumber", "type"], signature: signature),
            family("reassigned", "督办转派：单号{orderNumber}（{enterprise}{type}）已转派，请登录平台查看。",
                   ["orderNumber", "enterprise", "type"], signature: signature),
            family("decision", "督办决定：单号{orderNumber}（{enterprise}{type}）已作出处理决定，请登录平台查看。",
                   ["orderNumber", "enterprise", "type"], signature: signature),
            family("closed", "督办办结：单号{orderNumber}（{enterprise}{type}）已办结。",
                   ["orderNumber", "enterprise", "type"], signature: signature),
            family("cancelled", "督办撤销：单号{orderNumber}（{enterprise}{type}）已撤销，无需处理。",
                   ["orderNumber", "enterprise", "type"], signature: signature),
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
