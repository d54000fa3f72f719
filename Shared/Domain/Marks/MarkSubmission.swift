/// One change to a mark as someone asks for it: create a mark, amend or withdraw an existing one
/// (by id), or reject a mark the platform proposed. After the lock only a bureau submission with an approval reference changes a mark;
/// it is recorded as a correction.
public struct MarkSubmission: Codable, Sendable, Hashable {
    public enum Action: String, Codable, Sendable, Hashable, CaseIterable {
        case create, amend, withdraw
        /// The enterprise says a proposed mark (`proposalId`) does not apply, and why (`note`).
        case rejectProposal = "reject-proposal"

        public var nameZh: String {
            switch self {
            case .create: "新增标记"
            case .amend: "修改标记"
            case .withdraw: "撤销标记"
            case .rejectProposal: "驳回标记提议"
            }
        }
    }

    public var action: Action
    /// The mark changed (`MK-…`); nil for a create.
    public var markId: String?
    /// The mark's content; nil for a withdrawal.
    public var draft: MarkDraft?
    public var submittedBy: String
    public var role: MarkSubmitterRole
    /// Reference of the bureau's approval, for a correction after the lock.
    public var approvalReference: String?
    /// Why this version: what changed and why (required for amend and withdraw).
    public var note: String?
    /// The platform's proposal (`MP-…`) this mark confirms, when it does.
    public var proposalId: String?

    public init(action: Action, markId: String?, draft: MarkDraft?, submittedBy: String, role: MarkSubmitterRole,
                approvalReference: String? = nil, note: String? = nil, proposalId: String? = nil) {
        self.action = action
        self.markId = markId
        self.draft = draft
        self.submittedBy = submittedBy
        self.role = role
        self.approvalReference = approvalReference
        self.note = note
        self.proposalId = proposalId
    }
}
