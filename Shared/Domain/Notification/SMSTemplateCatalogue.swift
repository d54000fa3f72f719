/// The SMS templates in force, by kind. Data, not code: a province replaces this table with the
/// templates its provider approved (signature, code, variables, approval date) — issue 8 moves
/// it into the registry. The start-up check refuses a template whose worst case exceeds 500
/// characters and warns above 70 (one message).
public struct SMSTemplateCatalogue: Sendable {
    public var templates: [String: SMSTemplate]

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

    public static func defaults(signature: String) -> SMSTemplateCatalogue {
        SMSTemplateCatalogue(templates: [
            SMSTemplate(
                kind: "pre_warning.exceedance", version: 1, signature: signature,
                text: "事前预警：{enterprise}{outlet}{period}{factor}小时均值{value}{unit}，超过限值{limit}{unit}，单号{orderNumber}，请及时核查处置。",
                variables: [
                    .init(name: "enterprise", maxLength: 30), .init(name: "outlet", maxLength: 20),
                    .init(name: "period", maxLength: 12), .init(name: "factor", maxLength: 10),
                    .init(name: "value", maxLength: 10), .init(name: "unit", maxLength: 8),
                    .init(name: "limit", maxLength: 10), .init(name: "orderNumber", maxLength: 16),
                ]),
        ])
    }
}
