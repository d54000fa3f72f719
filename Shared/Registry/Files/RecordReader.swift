import Foundation
import Domain

/// Reads the fields of one record of an import file, collecting every problem with the file,
/// record and field it concerns instead of stopping at the first. Unknown fields are problems too:
/// a misspelt field name must not be silently ignored.
struct RecordReader {
    let file: String
    let record: String
    private let prefix: String
    private let members: [String: JSONValue]
    /// The value this reader reads, for callers that walk top-level arrays themselves.
    let rootValue: JSONValue
    private var used: Set<String> = []
    private(set) var problems: [ImportProblem] = []

    init(file: String, record: String, value: JSONValue, prefix: String = "") {
        self.file = file
        self.record = record
        self.prefix = prefix
        rootValue = value
        if case .object(let members) = value {
            self.members = members
        } else {
            members = [:]
            problems.append(ImportProblem(file: file, record: record, field: prefix, message: "应为对象，实际为\(value.typeNameZh)"))
        }
    }

    var isValid: Bool { problems.isEmpty }

    mutating func problem(_ field: String, _ message: String) {
        problems.append(ImportProblem(file: file, record: record, field: path(field), message: message))
    }

    mutating func appendProblems(_ more: [ImportProblem]) { problems.append(contentsOf: more) }

    private func path(_ field: String) -> String {
        prefix.isEmpty ? field : field.isEmpty ? prefix : "\(prefix).\(field)"
    }

    private mutating func value(_ key: String, required: Bool) -> JSONValue? {
        used.insert(key)
        switch members[key] {
        case nil, .null?:
            if required { problem(key, "缺少必填字段") }
            return nil
        case let value?:
            return value
        }
    }

    // MARK: Scalars

    mutating func string(_ key: String) -> String? { string(key, required: true) }
    mutating func optionalString(_ key: String) -> String? { string(key, required: false) }

    private mutating func string(_ key: String, required: Bool) -> String? {
        guard let value = value(key, required: required) else { return nil }
        guard case .string(let text) = value else {
            problem(key, "应为字符串，实际为\(value.typeNameZh)")
            return nil
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            problem(key, "不能为空")
            return nil
        }
        guard text == text.trimmingCharacters(in: .whitespacesAndNewlines) else {
            problem(key, "首尾不能有空白字符")
            return nil
        }
        return text
    }

    mutating func number(_ key: String) -> Double? { number(key, required: true) }
    mutating func optionalNumber(_ key: String) -> Double? { number(key, required: false) }

    private mutating func number(_ key: String, required: Bool) -> Double? {
        guard let value = value(key, required: required) else { return nil }
        guard case .number(let number) = value, number.isFinite else {
            problem(key, "应为数字，实际为\(value.typeNameZh)")
            return nil
        }
        return number
    }

    /// A whole number within `range`.
    mutating func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let number = number(key) else { return nil }
        guard number == number.rounded(), number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
            problem(key, "应为 \(range.lowerBound) 到 \(range.upperBound) 之间的整数")
            return nil
        }
        return Int(number)
    }

    mutating func numbers(_ key: String) -> [Double] {
        guard let value = value(key, required: true) else { return [] }
        guard case .array(let items) = value else {
            problem(key, "应为数组，实际为\(value.typeNameZh)")
            return []
        }
        var result: [Double] = []
        for (index, item) in items.enumerated() {
            guard case .number(let number) = item, number.isFinite else {
                problem("\(key)[\(index)]", "应为数字")
                continue
            }
            result.append(number)
        }
        return result
    }

    /// A limit: a non-negative number (upper bound), or `{"min": 6, "max": 9}` for a range.
    mutating func limit(_ key: String) -> LimitValue? {
        guard let value = value(key, required: true) else { return nil }
        switch value {
        case .number(let number) where number.isFinite && number >= 0:
            return .maximum(number)
        case .object(let members) where Set(members.keys) == ["min", "max"]:
            guard case .number(let lower)? = members["min"], case .number(let upper)? = members["max"], lower <= upper else {
                problem(key, "范围应为 {\"min\": 下限, \"max\": 上限}，且下限不大于上限")
                return nil
            }
            return .range(lower: lower, upper: upper)
        default:
            problem(key, "应为非负数字，或 {\"min\": 下限, \"max\": 上限} 表示范围（如 pH）")
            return nil
        }
    }

    mutating func bool(_ key: String, default fallback: Bool) -> Bool {
        guard let value = value(key, required: false) else { return fallback }
        guard case .bool(let flag) = value else {
            problem(key, "应为 true 或 false，实际为\(value.typeNameZh)")
            return fallback
        }
        return flag
    }

    mutating func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) -> E? where E.RawValue == String {
        enumeration(key, type, required: true)
    }

    mutating func optionalEnumeration<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) -> E?
    where E.RawValue == String {
        enumeration(key, type, required: false)
    }

    private mutating func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type, required: Bool) -> E?
    where E.RawValue == String {
        guard let text = string(key, required: required) else { return nil }
        guard let value = E(rawValue: text) else {
            problem(key, "取值 \(JSONValue.quoted(text)) 无效，应为 \(E.allCases.map(\.rawValue).joined(separator: "、")) 之一")
            return nil
        }
        return value
    }

    mutating func day(_ key: String) -> CivilDate? { day(key, required: true) }
    mutating func optionalDay(_ key: String) -> CivilDate? { day(key, required: false) }

    private mutating func day(_ key: String, required: Bool) -> CivilDate? {
        guard let text = string(key, required: required) else { return nil }
        guard let day = CivilDate(iso: text) else {
            problem(key, "日期 \(JSONValue.quoted(text)) 无效，应为 YYYY-MM-DD")
            return nil
        }
        return day
    }

    mutating func optionalInstant(_ key: String) -> Date? {
        guard let text = string(key, required: false) else { return nil }
        guard let instant = InstantText.parse(text) else {
            problem(key, "时间 \(JSONValue.quoted(text)) 无效，应为 YYYY-MM-DD（北京时间零点）或 YYYY-MM-DDTHH:MM:SS+08:00")
            return nil
        }
        return instant
    }

    // MARK: Collections

    mutating func strings(_ key: String) -> [String] {
        guard let value = value(key, required: false) else { return [] }
        guard case .array(let items) = value else {
            problem(key, "应为数组，实际为\(value.typeNameZh)")
            return []
        }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item, !text.isEmpty else {
                problem("\(key)[\(index)]", "应为非空字符串")
                continue
            }
            result.append(text)
        }
        return result
    }

    mutating func enumerations<E: RawRepresentable & CaseIterable & Hashable>(_ key: String, _ type: E.Type) -> Set<E>
    where E.RawValue == String {
        var result = Set<E>()
        for text in strings(key) {
            guard let value = E(rawValue: text) else {
                problem(key, "取值 \(JSONValue.quoted(text)) 无效，应为 \(E.allCases.map(\.rawValue).joined(separator: "、")) 之一")
                continue
            }
            result.insert(value)
        }
        return result
    }

    mutating func flags(_ key: String) -> Set<ProfileFlag> {
        var result = Set<ProfileFlag>()
        for text in strings(key) {
            guard let flag = ProfileFlag(rawValue: text) else {
                problem(key, "标记 \(JSONValue.quoted(text)) 无效：只能含小写字母、数字和连字符")
                continue
            }
            result.insert(flag)
        }
        return result
    }

    /// Nested records (`limits`, `factors`): each read with its own reader whose problems carry the
    /// path `key[index].field`; `body` returns nil when the element is unusable.
    mutating func objects<T>(_ key: String, required: Bool = false, _ body: (inout RecordReader) -> T?) -> [T] {
        guard let value = value(key, required: required) else { return [] }
        guard case .array(let items) = value else {
            problem(key, "应为数组，实际为\(value.typeNameZh)")
            return []
        }
        var result: [T] = []
        for (index, item) in items.enumerated() {
            var nested = RecordReader(file: file, record: record, value: item, prefix: path("\(key)[\(index)]"))
            let element = nested.isValid ? body(&nested) : nil
            nested.finish()
            problems.append(contentsOf: nested.problems)
            if let element, nested.isValid { result.append(element) }
        }
        return result
    }

    /// One nested object (`coverage`, `appliesTo`, `capacity`), or nil when absent.
    mutating func object<T>(_ key: String, _ body: (inout RecordReader) -> T?) -> T? {
        guard let value = value(key, required: false) else { return nil }
        var nested = RecordReader(file: file, record: record, value: value, prefix: path(key))
        let element = nested.isValid ? body(&nested) : nil
        nested.finish()
        problems.append(contentsOf: nested.problems)
        return nested.isValid ? element : nil
    }

    /// Marks a key as read without interpreting it (fields handled elsewhere, such as `validFrom`).
    mutating func skip(_ key: String) { used.insert(key) }

    /// Reports fields nobody read.
    mutating func finish() {
        for key in members.keys.sorted() where !used.contains(key) {
            problem(key, "未知字段（拼写错误？）")
        }
        used.formUnion(members.keys)
    }
}

extension RecordReader {
    /// Opens the top level of a catalogue or registry file: the root must be readable, `format`
    /// (when given) must be `format`, and `note` is free text. Throws at once when the root is unusable.
    static func document(_ root: JSONValue, file: String, format: String) throws(ImportError) -> RecordReader {
        var reader = RecordReader(file: file, record: "", value: root)
        guard reader.isValid else { throw ImportError(problems: reader.problems) }
        if let found = reader.string("format"), found != format {
            reader.problem("format", "不支持的格式 \(JSONValue.quoted(found))，应为 \(format)")
        }
        _ = reader.optionalString("note")
        return reader
    }
}
