/// What the enterprise brings during handling after (事后处理): a statement, evidence, a defence,
/// or its confirmation of the facts (陈述、举证、申辩、确认).
public struct HandlingResponse: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case statement
        case evidence
        case defence
        case confirmation

        public var nameZh: String {
            switch self {
            case .statement: "陈述"
            case .evidence: "举证"
            case .defence: "申辩"
            case .confirmation: "确认"
            }
        }
    }

    public var kind: Kind
    public var text: String
    public var attachments: [AttachmentReference]

    public init(kind: Kind, text: String, attachments: [AttachmentReference]) {
        self.kind = kind
        self.text = text
        self.attachments = attachments
    }

    var problem: String? {
        if text.trimmingWhitespace.isEmpty { return "\(kind.nameZh)内容不能为空" }
        if kind == .evidence, attachments.isEmpty { return "举证须至少附一个附件" }
        return AttachmentReference.problem(in: attachments)
    }
}
