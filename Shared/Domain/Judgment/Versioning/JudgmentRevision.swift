/// Late data (补传) or a changed mark recomputes a range; a judgment that changes is published as
/// a new version with the difference, or withdrawn, never silently changed (judgment.md, issue 5).
/// This compares what was published for the range with what the recomputation gives.
public enum JudgmentRevision {
    /// A judgment as last published.
    public struct Published<Payload: TimedJudgment>: Hashable, Sendable {
        public var version: Int
        public var payload: Payload
        public var isWithdrawn: Bool

        public init(version: Int, payload: Payload, isWithdrawn: Bool = false) {
            self.version = version
            self.payload = payload
            self.isWithdrawn = isWithdrawn
        }

        public var id: String { payload.id }
    }

    /// What to publish. Changes are ordered by id, so the same recomputation publishes the same
    /// sequence.
    public enum Change<Payload: TimedJudgment>: Hashable, Sendable {
        /// New: version 1 (or the next version of a judgment withdrawn earlier and now back).
        case opened(version: Int, payload: Payload)
        /// Changed: the next version, with the names of the fields that differ.
        case revised(version: Int, previous: Payload, current: Payload, changedFields: [String])
        /// No longer found: the next version withdraws it, naming current judgments over the same
        /// time (an episode whose start moved earlier has a new id and supersedes the old one).
        case withdrawn(version: Int, previous: Payload, supersededBy: [String])

        public var id: String {
            switch self {
            case .opened(_, let payload): payload.id
            case .revised(_, _, let current, _): current.id
            case .withdrawn(_, let previous, _): previous.id
            }
        }

        public var version: Int {
            switch self {
            case .opened(let version, _), .revised(let version, _, _, _), .withdrawn(let version, _, _): version
            }
        }
    }

    /// `previous` are the judgments published for the recomputed range (withdrawn ones included,
    /// so a judgment that comes back continues its version count); `current` is the recomputation.
    /// An unchanged judgment produces nothing.
    public static func reconcile<Payload: TimedJudgment>(previous: [Published<Payload>], current: [Payload]) -> [Change<Payload>] {
        let previousById = Dictionary(previous.map { ($0.id, $0) }, uniquingKeysWith: { a, b in a.version >= b.version ? a : b })
        let currentIds = Set(current.map(\.id))
        var changes: [Change<Payload>] = []
        for judgment in current {
            guard let published = previousById[judgment.id] else {
                changes.append(.opened(version: 1, payload: judgment))
                continue
            }
            if published.isWithdrawn {
                changes.append(.opened(version: published.version + 1, payload: judgment))
            } else if published.payload != judgment {
                changes.append(.revised(version: published.version + 1, previous: published.payload, current: judgment,
                                        changedFields: changedFields(published.payload, judgment)))
            }
        }
        for published in previousById.values where !published.isWithdrawn && !currentIds.contains(published.id) {
            let successors = current.filter { $0.start < published.payload.end && published.payload.start < $0.end }.map(\.id).sorted()
            changes.append(.withdrawn(version: published.version + 1, previous: published.payload, supersededBy: successors))
        }
        return changes.sorted { $0.id < $1.id }
    }

    /// Names of the stored properties whose values differ, in declaration order.
    static func changedFields<Value>(_ a: Value, _ b: Value) -> [String] {
        let left = Mirror(reflecting: a).children, right = Mirror(reflecting: b).children
        return zip(left, right).compactMap { l, r in
            String(reflecting: l.value) == String(reflecting: r.value) ? nil : l.label
        }
    }
}
