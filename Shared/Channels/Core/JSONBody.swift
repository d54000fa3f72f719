import Foundation

/// Request bodies and JSON-in-a-parameter values with a stable form: sorted keys, no escaped
/// slashes, UTF-8 (Chinese text is not `\u` escaped). The same input always gives the same bytes,
/// so signatures and stored evidence are reproducible.
enum JSONBody {
    static func encode<Value: Encodable>(_ value: Value) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return [UInt8](try encoder.encode(value))
        } catch {
            // Only String, Int, Bool, arrays and dictionaries of them reach here: always encodable.
            preconditionFailure("request body did not encode: \(error)")
        }
    }

    static func string<Value: Encodable>(_ value: Value) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) -> Value? {
        try? JSONDecoder().decode(type, from: Data(bytes))
    }
}

/// A JSON value that may come as a string or a number (providers are not consistent: Tencent's
/// `UserReceiveTime`, Alibaba's `sms_size`, WeChat's `msgid`).
struct FlexibleString: Decodable, Sendable, Equatable {
    let value: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            value = text
        } else if let number = try? container.decode(Int64.self) {
            value = String(number)
        } else if let number = try? container.decode(Double.self) {
            value = String(number)
        } else if let flag = try? container.decode(Bool.self) {
            value = String(flag)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a string or a number")
        }
    }
}
