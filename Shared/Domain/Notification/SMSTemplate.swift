/// An SMS template as the provider approved it: fixed text with `{name}` variables, each with a
/// maximum length. The rendered message carries its signature (`【…】`), character count and parts.
public struct SMSTemplate: Sendable, Codable, Equatable {
    public struct Variable: Sendable, Codable, Equatable {
        public var name: String
        public var maxLength: Int
        public init(name: String, maxLength: Int) {
            self.name = name
            self.maxLength = maxLength
        }
    }

    public var kind: String
    public var version: Int
    public var signature: String
    public var text: String
    public var variables: [Variable]

    public init(kind: String, version: Int, signature: String, text: String, variables: [Variable]) {
        self.kind = kind
        self.version = version
        self.signature = signature
        self.text = text
        self.variables = variables
    }

    public struct RenderedMessage: Sendable, Equatable {
        public var text: String
        public var characters: Int
        public var parts: Int
    }

    public enum RenderError: Error, Equatable, CustomStringConvertible {
        case missingVariable(String)
        case variableTooLong(name: String, length: Int, maximum: Int)
        case containsURL(String)
        case tooLong(characters: Int)

        public var description: String {
            switch self {
            case .missingVariable(let name): "template variable \(name) is missing"
            case .variableTooLong(let name, let length, let maximum): "template variable \(name) has \(length) characters, maximum \(maximum)"
            case .containsURL(let name): "template variable \(name) contains a URL (providers forbid it)"
            case .tooLong(let characters): "message has \(characters) characters, over the 500-character SMS maximum"
            }
        }
    }

    public func render(_ values: [String: String]) throws(RenderError) -> RenderedMessage {
        var body = text
        for variable in variables {
            guard let value = values[variable.name] else { throw .missingVariable(variable.name) }
            guard value.count <= variable.maxLength else {
                throw .variableTooLong(name: variable.name, length: value.count, maximum: variable.maxLength)
            }
            let lowered = value.lowercased()
            if lowered.contains("http://") || lowered.contains("https://") || lowered.contains("www.") {
                throw .containsURL(variable.name)
            }
            body = body.replacingEvery("{\(variable.name)}", with: value)
        }
        let full = "【\(signature)】" + body
        let count = SMSLength.characters(full)
        guard count <= SMSLength.maximumCharacters else { throw .tooLong(characters: count) }
        return RenderedMessage(text: full, characters: count, parts: SMSLength.parts(forCharacters: count))
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
