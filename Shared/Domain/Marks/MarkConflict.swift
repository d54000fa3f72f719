/// A new mark that breaks an overlap rule against an existing one: a wrong mark (错标).
public struct MarkConflict: Sendable, Hashable {
    public var newMarkId: String
    public var existingMarkId: String
    /// The rule broken; nil when no rule names the pair and the catalogue's default applied.
    public var ruleId: String?
    public var relation: OverlapRelation
    public var messageZh: String
    public var provisional: Bool

    public init(newMarkId: String, existingMarkId: String, ruleId: String?, relation: OverlapRelation, messageZh: String,
                provisional: Bool) {
        self.newMarkId = newMarkId
        self.existingMarkId = existingMarkId
        self.ruleId = ruleId
        self.relation = relation
        self.messageZh = messageZh
        self.provisional = provisional
    }
}
