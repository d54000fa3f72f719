/// How two marks of given types may relate in time on the same subject (marking.md: "define per
/// pair of mark types whether they may overlap, nest, or exclude each other").
public enum OverlapRelation: String, Sendable, Hashable, CaseIterable, Codable {
    /// Any overlap is allowed.
    case mayOverlap = "may-overlap"
    /// The rule's `inner` type may lie wholly inside its `outer` type; a partial overlap, or the
    /// outer inside the inner, is a wrong mark.
    case mayNest = "may-nest"
    /// No overlap at all: overlapping is a wrong mark (错标).
    case exclusive

    public var nameZh: String {
        switch self {
        case .mayOverlap: "可重叠"
        case .mayNest: "可嵌套"
        case .exclusive: "互斥"
        }
    }
}
