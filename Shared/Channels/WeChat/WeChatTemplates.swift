/// The WeChat template of each notification kind, as configured in `DUBAN_WECHAT_TEMPLATES`:
/// `kind=templateId:keyword/variable,keyword/variable;…`, e.g.
/// `pre_warning.missing_data=Tx8f-2Kq:thing1/enterprise,character_string2/orderNumber,time3/period`.
/// A kind without an entry is not sent by WeChat (the next channel carries it).
public struct WeChatTemplates: Sendable, Equatable {
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let entry: String
        public let reason: String
        public var description: String { "wechat template \"\(entry)\": \(reason)" }
    }

    public private(set) var mappings: [String: WeChatTemplateMapping]

    public init(_ mappings: [WeChatTemplateMapping] = []) {
        self.mappings = Dictionary(mappings.map { ($0.kind, $0) }, uniquingKeysWith: { _, later in later })
    }

    public init(parsing text: String) throws(ParseError) {
        var mappings: [WeChatTemplateMapping] = []
        for entry in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let sides = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let target = sides.count == 2 ? sides[1].split(separator: ":", maxSplits: 1).map(String.init) : []
            guard sides.count == 2, !sides[0].isEmpty, target.count == 2, !target[0].isEmpty,
                  target[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw ParseError(entry: entry, reason: "expected kind=templateId:keyword/variable,…")
            }
            var fields: [WeChatTemplateMapping.Field] = []
            for pair in target[1].split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                let parts = pair.split(separator: "/").map(String.init)
                guard parts.count == 2, !parts[1].isEmpty else { throw ParseError(entry: entry, reason: "field \(pair) is not keyword/variable") }
                do { try WeChatOfficialAccount.check(field: parts[0], value: "x") } catch {
                    throw ParseError(entry: entry, reason: error.description)
                }
                guard !fields.contains(where: { $0.key == parts[0] }) else { throw ParseError(entry: entry, reason: "keyword \(parts[0]) given twice") }
                fields.append(.init(key: parts[0], variable: parts[1]))
            }
            guard !fields.isEmpty else { throw ParseError(entry: entry, reason: "a template needs at least one field") }
            guard !mappings.contains(where: { $0.kind == sides[0] }) else { throw ParseError(entry: entry, reason: "kind \(sides[0]) given twice") }
            mappings.append(WeChatTemplateMapping(kind: sides[0], templateId: target[0], fields: fields))
        }
        self.init(mappings)
    }

    public func mapping(kind: String) -> WeChatTemplateMapping? { mappings[kind] }
}
