public import Foundation

/// Why a mark command changed nothing: the data of `cn.duban.mark.command.refused.v1` on
/// `duban.marks`, with every rule broken (stable code, Chinese message, catalogue row).
public struct MarkCommandRefusal: Codable, Sendable, Hashable {
    public var commandId: String
    public var action: MarkSubmission.Action
    /// Empty for a create.
    public var markId: String
    public var outletId: String
    public var mn: String?
    public var submittedBy: String
    public var role: String
    /// The first problem's code, for filters.
    public var code: String
    public var problems: [MarkValidationProblem]
    public var refusedAt: Date

    public init(commandId: String, action: MarkSubmission.Action, markId: String, outletId: String, mn: String?, submittedBy: String,
                role: String, problems: [MarkValidationProblem], refusedAt: Date) {
        self.commandId = commandId
        self.action = action
        self.markId = markId
        self.outletId = outletId
        self.mn = mn
        self.submittedBy = submittedBy
        self.role = role
        self.code = problems.first?.code.rawValue ?? MarkValidationCode.invalidInput.rawValue
        self.problems = problems
        self.refusedAt = refusedAt
    }
}
