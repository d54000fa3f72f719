/// Limits of a mark submission that no marking policy states but every check needs: how far a
/// span may reach past now (clock skew between the enterprise and the platform), the longest span
/// one mark may cover, the largest attachment, and which unit types each working-condition mark
/// type belongs to. Data (mark-checks.json), not literals.
public struct MarkValidationSettings: Sendable, Hashable {
    public var futureToleranceMinutes: Int
    public var maximumSpanHours: Double
    public var maximumAttachmentBytes: Int
    /// Device signals further apart than this start a new proposal rather than extend one.
    public var proposalGapMinutes: Int
    /// Mark type id → unit types it may be used on; a type not listed is allowed on any unit of its industry.
    public var unitTypes: [String: Set<UnitType>]
    public var sourceNote: String
    public var provisional: Bool

    public init(futureToleranceMinutes: Int, maximumSpanHours: Double, maximumAttachmentBytes: Int, proposalGapMinutes: Int, unitTypes: [String: Set<UnitType>],
                sourceNote: String, provisional: Bool) {
        self.futureToleranceMinutes = futureToleranceMinutes
        self.maximumSpanHours = maximumSpanHours
        self.maximumAttachmentBytes = maximumAttachmentBytes
        self.proposalGapMinutes = proposalGapMinutes
        self.unitTypes = unitTypes
        self.sourceNote = sourceNote
        self.provisional = provisional
    }
}
