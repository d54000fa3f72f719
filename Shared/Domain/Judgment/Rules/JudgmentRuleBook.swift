public import Foundation

/// All versions of the judgment rules, each in force over its own China-time days, read from
/// `data/rules/judgment-rules.json`. A judgment uses the version in force on the day it judges
/// and names it; an old judgment recomputed under its own version gives the same result.
public struct JudgmentRuleBook: Sendable, Hashable {
    public static let format = "duban.rules.judgment.v1"

    /// Ordered by effective date.
    public let versions: [JudgmentRules]

    /// Checks every version's values, unique version names and non-overlapping periods.
    public init(versions: [JudgmentRules], file: String = "judgment-rules") throws(JudgmentRulesError) {
        var problems: [JudgmentRulesError.Problem] = []
        var names = Set<String>()
        for (index, rules) in versions.enumerated() {
            problems += rules.problems.map { .init(path: "versions[\(index)].\($0.path)", message: $0.message) }
            if !names.insert(rules.version).inserted {
                problems.append(.init(path: "versions[\(index)].version", message: "版本号 \(rules.version) 重复"))
            }
        }
        let ordered = versions.sorted { $0.effective.from < $1.effective.from }
        for (earlier, later) in zip(ordered, ordered.dropFirst()) where earlier.effective.until.map({ $0 > later.effective.from }) ?? true {
            problems.append(.init(path: "versions", message: "版本 \(earlier.version) 与 \(later.version) 的施行期重叠"))
        }
        if versions.isEmpty { problems.append(.init(path: "versions", message: "至少需要一个版本")) }
        guard problems.isEmpty else { throw JudgmentRulesError(file: file, problems: problems) }
        self.versions = ordered
    }

    /// The version in force on `day`, or nil when none is.
    public func rules(on day: CivilDate) -> JudgmentRules? {
        versions.last { $0.effective.contains(day) }
    }

    /// The version in force on the China-time day of `instant`.
    public func rules(at instant: Date) -> JudgmentRules? { rules(on: CivilDate(chinaTimeOf: instant)) }

    public func rules(version: String) -> JudgmentRules? { versions.first { $0.version == version } }

    private struct Document: Codable {
        var format: String
        var note: String?
        var versions: [JudgmentRules]
    }

    /// Parses the rules file. Every problem is reported with its path: malformed JSON, a missing
    /// or mistyped value, a key the format does not know (a misspelt key is never silently
    /// ignored), a value out of range, overlapping versions.
    public static func parse(_ data: Data, file: String) throws(JudgmentRulesError) -> JudgmentRuleBook {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch let error as DecodingError {
            throw JudgmentRulesError(file: file, problems: [problem(error)])
        } catch {
            throw JudgmentRulesError(file: file, problems: [.init(path: "", message: "不是有效的 JSON：\(error)")])
        }
        guard document.format == format else {
            throw JudgmentRulesError(file: file, problems: [.init(path: "format", message: "不支持的格式 \"\(document.format)\"，应为 \(format)")])
        }
        let unknown = unknownKeys(in: data, known: document)
        guard unknown.isEmpty else { throw JudgmentRulesError(file: file, problems: unknown) }
        return try JudgmentRuleBook(versions: document.versions, file: file)
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.reduce(into: "") { text, key in
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
    }

    private static func problem(_ error: DecodingError) -> JudgmentRulesError.Problem {
        switch error {
        case .keyNotFound(let key, let context):
            return .init(path: path(context.codingPath + [key]), message: "缺少该字段")
        case .typeMismatch(let type, let context):
            return .init(path: path(context.codingPath), message: "类型不符，应为 \(typeName(type))")
        case .valueNotFound(let type, let context):
            return .init(path: path(context.codingPath), message: "不能为 null，应为 \(typeName(type))")
        case .dataCorrupted(let context):
            return .init(path: path(context.codingPath), message: context.debugDescription)
        @unknown default:
            return .init(path: "", message: "\(error)")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: "整数"
        case is Double.Type: "数值"
        case is String.Type: "字符串"
        case is Bool.Type: "true 或 false"
        default: "\(type)"
        }
    }

    /// Keys present in the file that the decoded rules do not contain when encoded again: a
    /// misspelt optional key would otherwise vanish without a word.
    private static func unknownKeys(in data: Data, known document: Document) -> [JudgmentRulesError.Problem] {
        guard let original = try? JSONSerialization.jsonObject(with: data),
              let encoded = try? JSONEncoder().encode(document),
              let reference = try? JSONSerialization.jsonObject(with: encoded) else { return [] }
        var problems: [JudgmentRulesError.Problem] = []
        func walk(_ value: Any, _ reference: Any?, _ at: String) {
            if let object = value as? [String: Any] {
                let known = reference as? [String: Any] ?? [:]
                for key in object.keys.sorted() {
                    let child = at.isEmpty ? key : "\(at).\(key)"
                    guard let match = known[key] else {
                        if !(object[key] is NSNull) { problems.append(.init(path: child, message: "未知字段（拼写错误？）")) }
                        continue
                    }
                    walk(object[key]!, match, child)
                }
            } else if let array = value as? [Any], let known = reference as? [Any] {
                for (index, element) in array.enumerated() where index < known.count { walk(element, known[index], "\(at)[\(index)]") }
            }
        }
        walk(original, reference, "")
        return problems
    }
}
