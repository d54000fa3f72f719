/// One site-information code (`iXXXXX`, CN 3020/3021) and, for state codes, what its values mean.
public struct InfoCodeInfo: Sendable, Hashable {
    public let code: String
    public let name: String
    /// Meaning of each value for enumerated codes (i12001 working state…); empty for measurements.
    public let values: [String: String]
    /// `//…//` free text (logs).
    public let isText: Bool

    public init(code: String, name: String, values: [String: String] = [:], isText: Bool = false) {
        self.code = code
        self.name = name
        self.values = values
        self.isText = isText
    }
}
