/// Stable codes of the reasons a mark submission is refused. Portal and duban-ctl show the
/// Chinese message; scripts and statistics key on the code, so a code is never renamed.
public enum MarkValidationCode: String, Sendable, Hashable, CaseIterable, Codable {
    /// The command could not be read.
    case invalidInput = "invalid_input"
    /// Create or amend without content, amend or withdraw without a mark id, neither outlet nor MN.
    case incomplete
    /// The outlet or MN is not in the registry at the mark's start.
    case subjectUnknown = "subject_unknown"
    /// An amendment moves the mark to another outlet or point.
    case subjectChanged = "subject_changed"
    /// An equipment mark must name the monitoring point (MN).
    case pointRequired = "point_required"
    /// A factor the point does not measure.
    case factorNotMeasured = "factor_not_measured"
    case typeUnknown = "type_unknown"
    case typeNotInForce = "type_not_in_force"
    case typeNotForIndustry = "type_not_for_industry"
    case typeNotForUnit = "type_not_for_unit"
    /// Start not before end.
    case rangeInverted = "range_inverted"
    /// The span ends later than now plus the tolerance.
    case rangeInFuture = "range_in_future"
    /// Longer than the longest span any mark may cover.
    case rangeTooLong = "range_too_long"
    /// Longer than the policy allows for one occurrence of this type.
    case occurrenceCapExceeded = "occurrence_cap_exceeded"
    /// The type's yearly total duration would be exceeded.
    case yearlyCapExceeded = "yearly_cap_exceeded"
    case reasonMissing = "reason_missing"
    case reasonPrefix = "reason_prefix"
    /// 【计划内】/【计划外】 prefix and the declared reason kind disagree.
    case reasonKindMismatch = "reason_kind_mismatch"
    /// Amend and withdraw must say why.
    case noteMissing = "note_missing"
    case evidenceMissing = "evidence_missing"
    case attachmentInvalid = "attachment_invalid"
    /// An overlap or nesting rule against an existing mark is broken (a wrong mark).
    case overlapConflict = "overlap_conflict"
    /// No marking policy is in force for the province on that day.
    case policyMissing = "policy_missing"
    /// The period is locked: only a bureau-approved correction changes it.
    case locked
    /// A bureau correction after the lock without the approval's reference.
    case approvalMissing = "approval_missing"
    case markNotFound = "mark_not_found"
    case markWithdrawn = "mark_withdrawn"
    /// No proposal with that id.
    case proposalNotFound = "proposal_not_found"
    /// The proposal was already confirmed or rejected.
    case proposalDecided = "proposal_decided"
    /// The submitter's role may not make this change (an enterprise user withdrawing a bureau correction).
    case roleNotAllowed = "role_not_allowed"
}
