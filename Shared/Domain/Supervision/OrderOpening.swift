public import Foundation

/// What Dispatch knows when it opens an order for a new episode.
public struct OrderOpeningRequest: Sendable, Hashable {
    public var id: String
    /// `OrderNumber.make(...)`.
    public var number: String
    public var enterprise: OrderEnterprise
    public var outletName: String
    public var finding: Finding
    /// The local bureau (`SupervisionRecipients.localBureau`): county, else city.
    public var assignedBureau: JurisdictionPath
    /// When marks for the episode's data are due (MarkingPolicy.deadline), for triggers that
    /// wait for it.
    public var markingDeadline: Date?
    /// Active faults that explain the finding (`InhibitionRule.explains`).
    public var inhibitors: [String]

    public init(id: String, number: String, enterprise: OrderEnterprise, outletName: String, finding: Finding,
                assignedBureau: JurisdictionPath, markingDeadline: Date?, inhibitors: [String] = []) {
        self.id = id
        self.number = number
        self.enterprise = enterprise
        self.outletName = outletName
        self.finding = finding
        self.assignedBureau = assignedBureau
        self.markingDeadline = markingDeadline
        self.inhibitors = inhibitors
    }
}

/// The first event's content: everything fixed for the order's life, and its first state.
public struct OrderOpening: Codable, Sendable, Hashable {
    public var number: String
    public var type: OrderType
    public var enterprise: OrderEnterprise
    public var outletId: String
    public var outletName: String
    public var finding: Finding
    public var stage: OrderStage
    public var assignedBureau: JurisdictionPath
    public var rulesetId: String
    public var rulesVersion: String
    public var triggerRuleId: String
    public var markingDeadline: Date?
    public var deadlines: [OrderDeadline]
    public var inhibitors: [String]
}
