/// The allowed relation between two mark types. For `mayNest`, `outer` may contain `inner`; for
/// the symmetric relations the order does not matter.
public struct OverlapRule: Sendable, Hashable, Identifiable {
    public var id: String
    public var outer: String
    public var inner: String
    public var relation: OverlapRelation
    /// What the enterprise is told when the rule is broken.
    public var messageZh: String
    public var effective: EffectivePeriod
    public var sourceNote: String
    public var provisional: Bool

    public init(id: String, outer: String, inner: String, relation: OverlapRelation, messageZh: String,
                effective: EffectivePeriod, sourceNote: String, provisional: Bool) {
        self.id = id
        self.outer = outer
        self.inner = inner
        self.relation = relation
        self.messageZh = messageZh
        self.effective = effective
        self.sourceNote = sourceNote
        self.provisional = provisional
    }

    public func concerns(_ a: String, _ b: String) -> Bool { (outer == a && inner == b) || (outer == b && inner == a) }
}
