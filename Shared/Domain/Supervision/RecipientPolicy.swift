/// Who is told at each stage: the enterprise's supervision contacts and the bureaus by
/// jurisdiction, as addressee or copy, and how far up the bureaus are copied (supervision.md).
public struct RecipientPolicy: Sendable, Hashable {
    public enum Part: String, Sendable, Hashable, Codable {
        case to
        case copy
        case none
    }

    public struct StageRule: Sendable, Hashable {
        public var enterprise: Part
        /// The local bureau: the order's assigned bureau (county, else city).
        public var localBureau: Part
        /// Bureaus above the local one up to this level get a copy; nil: none. An escalated
        /// order is copied at least up to its escalation level.
        public var copyUpTo: Jurisdiction.Level?

        public init(enterprise: Part, localBureau: Part, copyUpTo: Jurisdiction.Level?) {
            self.enterprise = enterprise
            self.localBureau = localBureau
            self.copyUpTo = copyUpTo
        }
    }

    public var stages: [OrderStage: StageRule]

    public init(stages: [OrderStage: StageRule]) { self.stages = stages }

    /// The national practice: pre-warning to the enterprise only; dispatch to the enterprise,
    /// copied to the county and city bureaus; handling after to the local bureau, copied to the
    /// enterprise and the city.
    public static let nationalPractice = RecipientPolicy(stages: [
        .preWarning: StageRule(enterprise: .to, localBureau: .none, copyUpTo: nil),
        .dispatch: StageRule(enterprise: .to, localBureau: .copy, copyUpTo: .city),
        .handlingAfter: StageRule(enterprise: .copy, localBureau: .to, copyUpTo: .city),
    ])
}
