import Foundation

/// An equipment fault at a point inhibits the orders it explains (an exceedance measured by a
/// faulty analyser) until the fault is resolved or rejected: no stage moves, reminders or
/// escalations meanwhile, and deadlines start afresh when the inhibition lifts.
public struct InhibitionRule: Sendable, Hashable, Identifiable {
    public var id: String
    /// The finding type that inhibits (abnormal operation) …
    public var inhibitorType: OrderType
    /// … with one of these details (`equipment-fault`); empty means any detail.
    public var inhibitorDetails: [String]
    /// Order types it may inhibit.
    public var inhibits: [OrderType]
    /// How far apart the fault and the finding may lie and still be explained by it.
    public var toleranceMinutes: Int
    public var source: String
    public var provisional: Bool

    public init(id: String, inhibitorType: OrderType, inhibitorDetails: [String], inhibits: [OrderType], toleranceMinutes: Int,
                source: String, provisional: Bool) {
        self.id = id
        self.inhibitorType = inhibitorType
        self.inhibitorDetails = inhibitorDetails
        self.inhibits = inhibits
        self.toleranceMinutes = toleranceMinutes
        self.source = source
        self.provisional = provisional
    }

    public func isInhibitor(_ finding: Finding) -> Bool {
        finding.type == inhibitorType && (inhibitorDetails.isEmpty || finding.detail.map(inhibitorDetails.contains) == true)
    }

    /// True when `fault` explains `finding`: same enterprise and outlet, same point when both
    /// name one, the fault's factor (if it names one) is the finding's, and the spans meet within
    /// the tolerance. An ongoing fault reaches into the future.
    public func explains(fault: Finding, finding: Finding) -> Bool {
        guard isInhibitor(fault), inhibits.contains(finding.type), fault.id != finding.id,
              fault.enterpriseId == finding.enterpriseId, fault.outletId == finding.outletId else { return false }
        if let point = fault.monitoringPoint, let other = finding.monitoringPoint, point != other { return false }
        if let factor = fault.factor, factor != finding.factor { return false }
        let tolerance = TimeInterval(toleranceMinutes * 60)
        let faultEnd = fault.ongoing ? Date.distantFuture : fault.end
        return finding.start < faultEnd.addingTimeInterval(tolerance) && fault.start.addingTimeInterval(-tolerance) < finding.end
    }
}
