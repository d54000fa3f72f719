import Foundation

/// A parsed JSON value. Data files are read into this first, so every field can be checked by
/// name with an error that says which file, record and field is wrong, and written back in one
/// canonical form (sorted keys, shortest numbers) that makes "same content" a byte comparison.
enum JSONValue: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Parses JSON text; the error names the file.
    static func parse(_ data: Data, file: String) throws(ImportError) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw ImportError(file: file, record: "", field: "", message: "不是有效的 JSON：\(Self.describe(error))")
        }
    }

    private static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
                ?? context.debugDescription
        }
        return String(describing: error)
    }

    var typeNameZh: String {
        switch self {
        case .null: "null"
        case .bool: "布尔值"
        case .number: "数字"
        case .string: "字符串"
        case .array: "数组"
        case .object: "对象"
        }
    }

    // MARK: Canonical text

    /// Compact canonical JSON: keys sorted, integral numbers without a fraction.
    var canonicalText: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let value): out += Self.numberText(value)
        case .string(let value): out += Self.quoted(value)
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += ", " }
                value.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out += ", " }
                out += Self.quoted(key) + ": "
                members[key]!.write(to: &out)
            }
            out += "}"
        }
    }

    static func numberText(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A JSON string literal; non-ASCII text stays readable (Chinese names in data files).
    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// The layout of the seed files: top-level members on their own lines, each record of a
    /// top-level array on one line (easy to grep, diff and edit by hand).
    static func documentText(_ members: [(String, JSONValue)]) -> String {
        var lines = ["{"]
        for (index, (key, value)) in members.enumerated() {
            let comma = index < members.count - 1 ? "," : ""
            if case .array(let records) = value, !records.isEmpty {
                lines.append("  \(quoted(key)): [")
                for (recordIndex, record) in records.enumerated() {
                    lines.append("    " + record.canonicalText + (recordIndex < records.count - 1 ? "," : ""))
                }
                lines.append("  ]" + comma)
            } else {
                lines.append("  \(quoted(key)): \(value.canonicalText)\(comma)")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
