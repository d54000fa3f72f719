import Foundation
import Domain

/// A kind of registry record as it appears in files (`outlets`), in the database
/// (`registry.outlets`) and in messages.
enum RegistryKind: String, CaseIterable, Sendable {
    case jurisdictions, enterprises, units, outlets, points, parameters, permits, contacts

    var table: String { "registry.\(rawValue)" }
    /// The field that identifies a record across versions.
    var idField: String { self == .jurisdictions ? "code" : "id" }
}

/// A registry record that can be read from and written to a data file.
protocol RegistryRecord: Sendable, Hashable {
    static var registryKind: RegistryKind { get }
    var recordId: String { get }
    /// Reads the record's own fields (not `validFrom`/`validTo`); nil when a required field is
    /// missing or wrong (the reader holds the problems).
    static func read(_ reader: inout RecordReader) -> Self?
    /// The record's fields in canonical form.
    var fields: [String: JSONValue] { get }
}

extension JSONValue {
    init(_ text: String?) { self = text.map { .string($0) } ?? .null }
    init(_ number: Double?) { self = number.map { .number($0) } ?? .null }
    init<S: Sequence>(strings: S) where S.Element == String { self = .array(strings.sorted().map { .string($0) }) }
    init(flags: Set<ProfileFlag>) { self.init(strings: flags.map(\.rawValue)) }
}

extension Dictionary where Key == String, Value == JSONValue {
    /// Drops absent optional fields and empty lists, so files stay short and "absent" has one form.
    var compacted: [String: JSONValue] {
        filter {
            switch $0.value {
            case .null: false
            case .array(let items): !items.isEmpty
            default: true
            }
        }
    }
}

/// Checks shared by several record kinds.
enum FieldRules {
    static func factorCodeProblem(_ code: String) -> String? {
        let characters = Array(code)
        guard characters.count == 6, characters[0] == "a" || characters[0] == "w",
              characters.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return "因子编码 \(JSONValue.quoted(code)) 无效：应为 HJ 212-2017 编码（a 或 w 加 5 位数字，如 a21026、w01018）"
        }
        return nil
    }

    static func parameterCodeProblem(_ code: String) -> String? {
        let characters = Array(code)
        guard characters.count == 6, characters[0].isASCII, characters[0].isLowercase,
              characters.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return "参数编码 \(JSONValue.quoted(code)) 无效：应为小写字母加 5 位数字（如 i33400、e20101）"
        }
        return nil
    }
}

extension LimitValue {
    var json: JSONValue {
        switch self {
        case .maximum(let value): .number(value)
        case .range(let lower, let upper): .object(["min": .number(lower), "max": .number(upper)])
        }
    }
}
