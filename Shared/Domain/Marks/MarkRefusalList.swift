/// Every rule a refused submission breaks, in the order found; never empty.
public struct MarkRefusalList: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [MarkValidationProblem]

    public init(_ problems: [MarkValidationProblem]) {
        precondition(!problems.isEmpty, "a refusal names at least one problem")
        self.problems = problems
    }

    public init(_ code: MarkValidationCode, _ messageZh: String) { self.init([MarkValidationProblem(code, messageZh)]) }

    public var codes: [MarkValidationCode] { problems.map(\.code) }

    public var description: String { problems.map(\.description).joined(separator: "；") }
}
