/// Which WeChat template carries a notification kind, and which template keyword shows which of
/// the notification's variables (data, like the SMS templates). WeChat fields hold at most 20
/// characters: a longer value (an enterprise name) is shortened with `…`, and the SMS of record
/// carries the full text.
public struct WeChatTemplateMapping: Sendable, Codable, Equatable {
    public struct Field: Sendable, Codable, Equatable {
        /// The template keyword (`thing2`, `character_string5`, `time3`).
        public var key: String
        /// The notification variable shown there (`enterprise`, `orderNumber`).
        public var variable: String

        public init(key: String, variable: String) {
            self.key = key
            self.variable = variable
        }
    }

    public var kind: String
    public var templateId: String
    public var fields: [Field]

    public init(kind: String, templateId: String, fields: [Field]) {
        self.kind = kind
        self.templateId = templateId
        self.fields = fields
    }

    /// The template fields for these variable values, each at most 20 characters, line breaks
    /// replaced by spaces. A variable the mapping names but the notification lacks is an error.
    public func fieldValues(from variables: [String: String]) throws(ChannelError) -> [(key: String, value: String)] {
        var values: [(key: String, value: String)] = []
        for field in fields {
            guard let raw = variables[field.variable] else {
                throw ChannelError(.invalidRequest, .wechatOfficialAccount, "template \(templateId) field \(field.key) needs variable \(field.variable)")
            }
            let flattened = String(raw.map { $0.isNewline ? " " : $0 })
            let limit = WeChatOfficialAccount.fieldMaximumCharacters
            values.append((field.key, flattened.count <= limit ? flattened : String(flattened.prefix(limit - 1)) + "…"))
        }
        return values
    }
}
