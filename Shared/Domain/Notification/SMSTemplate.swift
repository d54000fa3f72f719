/// An SMS template as the provider approved it: fixed text with `{name}` variables, each with a
/// type and a maximum length, and the approvals (provider, template code, date) under which it may
/// be sent. The rendered message carries its signature (`【…】`), character count and parts.
public struct SMSTemplate: Sendable, Codable, Equatable {
    /// What a variable may hold. Providers review variables by kind (a number field must carry a
    /// number); the renderer refuses a value that does not fit, before anything is sent.
    public enum VariableType: String, Sendable, Codable, CaseIterable {
        /// Free text without line breaks or control characters.
        case text
        /// A measured value: optional minus sign, digits, optional decimal part (`450.0`).
        case number
        /// A date as people read it (`5月6日`, `2024-05-06`).
        case date
        /// A time or period (`14时`, `10:00-11:00`).
        case time
        /// An enterprise or organisation name.
        case organisation
        /// An identifier such as an order number: ASCII letters, digits, `-` and `_`.
        case code
        /// A telephone number: digits, `+`, `-` and spaces.
        case phone

        /// Why `value` does not fit this type, or nil.
        public func problem(with value: String) -> String? {
            if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }) {
                return "contains a line break or control character"
            }
            switch self {
            case .text, .date, .time, .organisation:
                return nil
            case .number:
                var digits = Substring(value)
                if digits.first == "-" { digits = digits.dropFirst() }
                let pieces = digits.split(separator: ".", omittingEmptySubsequences: false)
                let valid = (1...2).contains(pieces.count) && pieces.allSatisfy { piece in
                    !piece.isEmpty && piece.allSatisfy { $0.isASCII && $0.isNumber }
                }
                return valid ? nil : "is not a number"
            case .code:
                let valid = !value.isEmpty && value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
                return valid ? nil : "is not an identifier of letters and digits"
            case .phone:
                let valid = value.contains(where: \.isNumber) && value.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "+" || $0 == "-" || $0 == " ") }
                return valid ? nil : "is not a telephone number"
            }
        }
    }

    public struct Variable: Sendable, Codable, Equatable {
        public var name: String
        public var maxLength: Int
        public var type: VariableType

        public init(name: String, maxLength: Int, type: VariableType = .text) {
            self.name = name
            self.maxLength = maxLength
            self.type = type
        }

        private enum CodingKeys: String, CodingKey { case name, maxLength, type }

        /// Files written before variables had a type still load (as `text`).
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            maxLength = try container.decode(Int.self, forKey: .maxLength)
            type = try container.decodeIfPresent(VariableType.self, forKey: .type) ?? .text
        }
    }

    /// One provider's approval of this text: the code to send it under and the day it was approved.
    public struct Approval: Sendable, Codable, Equatable {
        public var provider: NotificationProvider
        /// `SMS_123456789` at Alibaba Cloud, a numeric template id at Tencent Cloud.
        public var templateCode: String
        public var approvedOn: CivilDate

        public init(provider: NotificationProvider, templateCode: String, approvedOn: CivilDate) {
            self.provider = provider
            self.templateCode = templateCode
            self.approvedOn = approvedOn
        }

        private enum CodingKeys: String, CodingKey { case provider, templateCode, approvedOn }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            provider = try container.decode(NotificationProvider.self, forKey: .provider)
            templateCode = try container.decode(String.self, forKey: .templateCode)
            let day = try container.decode(String.self, forKey: .approvedOn)
            guard let date = CivilDate(iso: day) else {
                throw DecodingError.dataCorruptedError(forKey: .approvedOn, in: container, debugDescription: "approvedOn \(day) is not a YYYY-MM-DD date")
            }
            approvedOn = date
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(provider, forKey: .provider)
            try container.encode(templateCode, forKey: .templateCode)
            try container.encode(approvedOn.description, forKey: .approvedOn)
        }
    }

    public var kind: String
    public var version: Int
    public var signature: String
    public var text: String
    public var variables: [Variable]
    /// Where the text is approved; empty for a template only the generic webhook may send.
    public var approvals: [Approval]

    public init(kind: String, version: Int, signature: String, text: String, variables: [Variable], approvals: [Approval] = []) {
        self.kind = kind
        self.version = version
        self.signature = signature
        self.text = text
        self.variables = variables
        self.approvals = approvals
    }

    private enum CodingKeys: String, CodingKey { case kind, version, signature, text, variables, approvals }

    /// Files written before templates carried approvals still load (with none).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(String.self, forKey: .kind)
        version = try container.decode(Int.self, forKey: .version)
        signature = try container.decode(String.self, forKey: .signature)
        text = try container.decode(String.self, forKey: .text)
        variables = try container.decode([Variable].self, forKey: .variables)
        approvals = try container.decodeIfPresent([Approval].self, forKey: .approvals) ?? []
    }

    /// The approval to send under at `provider`, if the text is approved there.
    public func approval(for provider: NotificationProvider) -> Approval? {
        approvals.first { $0.provider == provider }
    }

    public struct RenderedMessage: Sendable, Equatable {
        /// A variable's value as sent: Alibaba Cloud takes them by name (TemplateParam), Tencent
        /// Cloud by position (TemplateParamSet), in the order the template declares them.
        public struct Parameter: Sendable, Equatable {
            public var name: String
            public var value: String

            public init(name: String, value: String) {
                self.name = name
                self.value = value
            }
        }

        public var text: String
        public var characters: Int
        public var parts: Int
        public var parameters: [Parameter] = []
    }

    public enum RenderError: Error, Equatable, CustomStringConvertible {
        case missingVariable(String)
        case variableTooLong(name: String, length: Int, maximum: Int)
        case containsURL(String)
        case tooLong(characters: Int)
        case invalidValue(name: String, type: VariableType, reason: String)

        public var description: String {
            switch self {
            case .missingVariable(let name): "template variable \(name) is missing"
            case .variableTooLong(let name, let length, let maximum): "template variable \(name) has \(length) characters, maximum \(maximum)"
            case .containsURL(let name): "template variable \(name) contains a URL (providers forbid it)"
            case .tooLong(let characters): "message has \(characters) characters, over the 500-character SMS maximum"
            case .invalidValue(let name, let type, let reason): "template variable \(name) (\(type.rawValue)) \(reason)"
            }
        }
    }

    public func render(_ values: [String: String]) throws(RenderError) -> RenderedMessage {
        var body = text
        var parameters: [RenderedMessage.Parameter] = []
        for variable in variables {
            guard let value = values[variable.name] else { throw .missingVariable(variable.name) }
            guard value.count <= variable.maxLength else {
                throw .variableTooLong(name: variable.name, length: value.count, maximum: variable.maxLength)
            }
            let lowered = value.lowercased()
            if lowered.contains("http://") || lowered.contains("https://") || lowered.contains("www.") {
                throw .containsURL(variable.name)
            }
            if let reason = variable.type.problem(with: value) {
                throw .invalidValue(name: variable.name, type: variable.type, reason: reason)
            }
            body = body.replacingEvery("{\(variable.name)}", with: value)
            parameters.append(.init(name: variable.name, value: value))
        }
        let full = "【\(signature)】" + body
        let count = SMSLength.characters(full)
        guard count <= SMSLength.maximumCharacters else { throw .tooLong(characters: count) }
        return RenderedMessage(text: full, characters: count, parts: SMSLength.parts(forCharacters: count), parameters: parameters)
    }

    /// Characters when every variable is at its maximum length (each occurrence counted): what
    /// the provider may bill in the worst case.
    public var worstCaseCharacters: Int {
        var body = text
        for variable in variables {
            body = body.replacingEvery("{\(variable.name)}", with: String(repeating: "字", count: variable.maxLength))
        }
        return 2 + signature.count + body.count
    }

    /// The `{name}` placeholders the text uses, in order of first appearance.
    public var placeholders: [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "}") else { break }
            let name = String(rest[afterOpen..<close])
            if !name.isEmpty, !names.contains(name) { names.append(name) }
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}

extension String {
    /// Pure-Swift replacement so Domain needs no Foundation.
    fileprivate func replacingEvery(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var remaining = self[...]
        while let range = remaining.firstRange(of: target) {
            result += remaining[..<range.lowerBound]
            result += replacement
            remaining = remaining[range.upperBound...]
        }
        result += remaining
        return result
    }
}
