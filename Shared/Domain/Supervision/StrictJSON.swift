import Foundation

/// Decoding helpers for the supervision data files: unknown fields are errors (a misspelt
/// threshold must not be silently ignored), and decoding errors name the path in the file.
enum StrictJSON {
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) {
            stringValue = String(intValue)
            self.intValue = intValue
        }
    }

    /// Throws when the object being decoded has a key outside `allowed`.
    static func rejectUnknownKeys(_ decoder: any Decoder, allowed: Set<String>) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        if let unknown = container.allKeys.map(\.stringValue).sorted().first(where: { !allowed.contains($0) }) {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [AnyKey(stringValue: unknown)],
                                                    debugDescription: "未知字段「\(unknown)」（允许的字段：\(allowed.sorted().joined(separator: ", "))）"))
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data, file: String) throws(CatalogueError) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw CatalogueError(problems: [problem(error, file: file)])
        } catch {
            throw CatalogueError(problems: [.init(record: file, field: "", message: "无法读取：\(error)")])
        }
    }

    static func problem(_ error: DecodingError, file: String) -> CatalogueError.Problem {
        switch error {
        case .typeMismatch(let type, let context):
            .init(record: file, field: path(context.codingPath), message: "类型不符，应为 \(type)")
        case .valueNotFound(let type, let context):
            .init(record: file, field: path(context.codingPath), message: "缺少值，应为 \(type)")
        case .keyNotFound(let key, let context):
            .init(record: file, field: path(context.codingPath + [key]), message: "缺少必填字段")
        case .dataCorrupted(let context):
            .init(record: file, field: path(context.codingPath), message: context.debugDescription)
        @unknown default:
            .init(record: file, field: "", message: "\(error)")
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text
    }

    static func date(_ text: String, record: String, field: String, into problems: inout [CatalogueError.Problem]) -> CivilDate? {
        guard let date = CivilDate(iso: text) else {
            problems.append(.init(record: record, field: field, message: "日期「\(text)」应为 YYYY-MM-DD"))
            return nil
        }
        return date
    }
}

extension KeyedDecodingContainer where Key == StrictJSON.AnyKey {
    func required<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        try decode(type, forKey: StrictJSON.AnyKey(stringValue: name))
    }

    func optional<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T? {
        try decodeIfPresent(type, forKey: StrictJSON.AnyKey(stringValue: name))
    }
}
