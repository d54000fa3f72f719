/// Why a command was refused: a stable code for machines and a reason in Chinese for people.
public struct OrderRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, Codable {
        /// The actor's role may not do this at all.
        case roleNotAllowed = "role_not_allowed"
        /// The enterprise user or O&M operator does not act for this order's enterprise.
        case notOwnEnterprise = "not_own_enterprise"
        /// The officer's bureau does not cover the bureau the order is assigned to.
        case outsideJurisdiction = "outside_jurisdiction"
        /// The order is closed or cancelled.
        case orderEnded = "order_ended"
        case wrongStage = "wrong_stage"
        case wrongStatus = "wrong_status"
        case invalidInput = "invalid_input"
        case notAssignedInvestigator = "not_assigned_investigator"
        /// A violation cannot be decided while the enterprise's right to state and defend runs.
        case responseWindowOpen = "response_window_open"
        case noInvestigationReport = "no_investigation_report"
        /// Defence after the enterprise confirmed the facts.
        case alreadyConfirmed = "already_confirmed"
        /// The rule keeps the order open after its condition cleared: the finding still decides.
        case findingStillDecides = "finding_still_decides"
        /// No trigger rule opens any stage for this finding.
        case noTrigger = "no_trigger"
        /// The finding belongs to another enterprise, outlet or order type.
        case findingMismatch = "finding_mismatch"
        case unknownFinding = "unknown_finding"
        /// Already recorded (delivery, inhibitor, finding version, same bureau).
        case duplicate
        case notInhibited = "not_inhibited"
        case notInhibitable = "not_inhibitable"
        /// Stages move forward only.
        case stageNotForward = "stage_not_forward"
        /// The context's ruleset is not the one the order was opened under.
        case rulesetMismatch = "ruleset_mismatch"
    }

    public let code: Code
    public let reasonZh: String

    public init(_ code: Code, _ reasonZh: String) {
        self.code = code
        self.reasonZh = reasonZh
    }

    public var description: String { "\(code.rawValue): \(reasonZh)" }
}
