/// The allowed relation between two mark types. For `mayNest`, `outer` may contain `inner`; for
/// the symmetric relations the order does not matter. A side is a mark type id, or a whole family
/// written `family:equipment` / `family:working-condition`; a rule naming both types exactly takes
/// precedence over family rules.
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

    public static func familySelector(_ family: MarkFamily) -> String { "family:\(family.rawValue)" }

    /// True when both sides name types exactly (no family selector).
    public var isExact: Bool { !outer.hasPrefix("family:") && !inner.hasPrefix("family:") }

    /// True when the rule is about this pair of sides as written (ids or selectors).
    public func concerns(_ a: String, _ b: String) -> Bool { (outer == a && inner == b) || (outer == b && inner == a) }

    /// True when the rule applies to marks of types `a` and `b`.
    public func applies(to a: MarkType, _ b: MarkType) -> Bool {
        (Self.side(outer, matches: a) && Self.side(inner, matches: b)) || (Self.side(outer, matches: b) && Self.side(inner, matches: a))
    }

    static func side(_ side: String, matches type: MarkType) -> Bool {
        side == type.id || side == familySelector(type.family)
    }
}
