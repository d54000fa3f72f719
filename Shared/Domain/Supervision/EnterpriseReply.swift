/// The enterprise's answer to a dispatch (事中调度反馈): what happened, what was done, and the
/// evidence by reference.
public struct EnterpriseReply: Codable, Sendable, Hashable {
    public var whatHappened: String
    public var actionsTaken: String
    public var attachments: [AttachmentReference]

    public init(whatHappened: String, actionsTaken: String, attachments: [AttachmentReference]) {
        self.whatHappened = whatHappened
        self.actionsTaken = actionsTaken
        self.attachments = attachments
    }

    var problem: String? {
        if whatHappened.trimmingWhitespace.isEmpty { return "反馈须说明发生了什么（情况说明不能为空）" }
        if actionsTaken.trimmingWhitespace.isEmpty { return "反馈须说明采取了哪些措施" }
        return AttachmentReference.problem(in: attachments)
    }
}

extension AttachmentReference {
    /// The first problem among `attachments`, duplicates included, or nil.
    static func problem(in attachments: [AttachmentReference]) -> String? {
        var seen = Set<String>()
        for attachment in attachments {
            if let problem = attachment.problem { return problem }
            if !seen.insert(attachment.sha256).inserted { return "附件「\(attachment.fileName)」重复提交" }
        }
        return nil
    }
}
