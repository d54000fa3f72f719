public import Foundation
public import Domain

/// The content of the code-rules file (`data/catalogue/code-rules.json`): each HJ 212 data flag's
/// effect on validity and the meaning of equipment status values.
public struct CodeRulesDocument: Sendable {
    public static let format = "duban.catalogue.code-rules.v1"

    public var rules: CodeRules

    public init(rules: CodeRules) { self.rules = rules }

    public static func parse(_ data: Data, file: String) throws(ImportError) -> CodeRulesDocument {
        let root = try JSONValue.parse(data, file: file)
        var reader = try RecordReader.document(root, file: file, format: Self.format)
        let flags: [CodeRules.FlagRule] = reader.records("flags", label: { "flags[\($0)]" }, read: readFlag)
        let statuses: [CodeRules.StatusRule] = reader.records("statuses", label: { "statuses[\($0)]" }, read: readStatus)
        reader.finish()
        guard reader.isValid else { throw ImportError(problems: reader.problems) }
        do {
            return CodeRulesDocument(rules: try CodeRules(flags: flags, statuses: statuses))
        } catch {
            throw ImportError(problems: error.problems.map {
                ImportProblem(file: file, record: $0.record, field: $0.field, message: $0.message)
            })
        }
    }

    static func readFlag(_ reader: inout RecordReader) -> CodeRules.FlagRule? {
        let flag = reader.string("flag")
        let protocols = reader.enumerations("protocols", MonitoringPoint.ProtocolVersion.self)
        let effect = reader.enumeration("effect", ValidityEffect.self)
        let source = reader.string("source")
        let provisional = reader.bool("provisional", default: false)
        guard let flag, let effect, let source else { return nil }
        return CodeRules.FlagRule(flag: flag, protocols: protocols, effect: effect, sourceNote: source, provisional: provisional)
    }

    static func readStatus(_ reader: inout RecordReader) -> CodeRules.StatusRule? {
        let code = reader.string("code")
        let value = reader.integer("value", in: 0...9999)
        let meaning = reader.string("meaningZh")
        let source = reader.string("source")
        let provisional = reader.bool("provisional", default: false)
        guard let code, let value, let meaning, let source else { return nil }
        return CodeRules.StatusRule(code: code, value: value, meaningZh: meaning, sourceNote: source, provisional: provisional)
    }

    public func text() -> String {
        JSONValue.documentText([
            ("format", .string(Self.format)),
            ("flags", .array(rules.flags.map { .object($0.fields) })),
            ("statuses", .array(rules.statuses.map { .object($0.fields) })),
        ])
    }
}

extension CodeRules.FlagRule {
    var fields: [String: JSONValue] {
        ["flag": .string(flag), "protocols": JSONValue(strings: protocols.map(\.rawValue)), "effect": .string(effect.rawValue),
         "source": .string(sourceNote), "provisional": .bool(provisional)]
    }
}

extension CodeRules.StatusRule {
    var fields: [String: JSONValue] {
        ["code": .string(code), "value": .number(Double(value)), "meaningZh": .string(meaningZh), "source": .string(sourceNote),
         "provisional": .bool(provisional)]
    }
}
