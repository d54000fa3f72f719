/// One reason a submission is refused: a stable code, the Chinese message for the submitter and,
/// when a catalogue row decided it, the row's id (overlap rule, policy, cap).
public struct MarkValidationProblem: Codable, Sendable, Hashable, CustomStringConvertible {
    public var code: MarkValidationCode
    public var messageZh: String
    public var ruleId: String?

    public init(_ code: MarkValidationCode, _ messageZh: String, ruleId: String? = nil) {
        self.code = code
        self.messageZh = messageZh
        self.ruleId = ruleId
    }

    public var description: String { "\(code.rawValue): \(messageZh)" }
}
