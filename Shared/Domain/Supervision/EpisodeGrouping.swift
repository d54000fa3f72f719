public import Foundation

/// One order per episode (outlet × cause × time span): where a new finding belongs among the
/// orders Dispatch holds.
public enum EpisodeGrouping {
    /// What Dispatch knows of an order when placing findings.
    public struct Entry: Sendable, Hashable {
        public var orderId: String
        public var type: OrderType
        public var enterpriseId: String
        public var outletId: String
        public var start: Date
        public var end: Date
        public var ended: Bool
        public var findingIds: [String]

        public init(orderId: String, type: OrderType, enterpriseId: String, outletId: String, start: Date, end: Date,
                    ended: Bool, findingIds: [String]) {
            self.orderId = orderId
            self.type = type
            self.enterpriseId = enterpriseId
            self.outletId = outletId
            self.start = start
            self.end = end
            self.ended = ended
            self.findingIds = findingIds
        }

        public init(_ order: SupervisionOrder) {
            self.init(orderId: order.id, type: order.type, enterpriseId: order.enterprise.id, outletId: order.outletId,
                      start: order.episodeStart ?? order.openedAt, end: order.episodeEnd ?? order.openedAt,
                      ended: order.status.isTerminal, findingIds: order.findings.map(\.id))
        }
    }

    public enum Placement: Sendable, Hashable {
        /// A new version of a finding the order already holds.
        case update(orderId: String)
        /// A related finding that joins the order's episode.
        case join(orderId: String)
        /// A new episode: open a new order.
        case newOrder
    }

    /// Places `finding`: an open order that holds it gets the update; else the open order of the
    /// same enterprise, outlet and type whose episode overlaps it or lies within the join gap
    /// (the latest-ending one when several do); else a new order. Ended orders never reopen.
    public static func place(_ finding: Finding, among entries: [Entry], policy: GroupingPolicy) -> Placement {
        let open = entries.filter { !$0.ended }
        if let holder = open.first(where: { $0.findingIds.contains(finding.id) }) { return .update(orderId: holder.orderId) }
        let gap = policy.joinGapHours * 3600
        let candidates = open.filter {
            $0.type == finding.type && $0.enterpriseId == finding.enterpriseId && $0.outletId == finding.outletId
                && finding.touches(start: $0.start, end: $0.end, gap: gap)
        }
        guard let best = candidates.max(by: { ($0.end, $0.orderId) < ($1.end, $1.orderId) }) else { return .newOrder }
        return .join(orderId: best.orderId)
    }

    /// Faults among `activeFaults` that explain `finding` under the ruleset: the inhibitors of an
    /// order opened or grown for it.
    public static func inhibitors(of finding: Finding, activeFaults: [Finding], ruleset: SupervisionRuleset) -> [String] {
        activeFaults.filter { fault in ruleset.inhibitions.contains { $0.explains(fault: fault, finding: finding) } }
            .map(\.id).sorted()
    }

    /// Standing faults that explain one of the order's findings but do not inhibit it yet (an
    /// episode grown into a fault's span): each should inhibit it. None for an ended order.
    public static func faultsNewlyExplaining(_ order: SupervisionOrder, standingFaults: [Finding], ruleset: SupervisionRuleset) -> [String] {
        guard !order.status.isTerminal else { return [] }
        return standingFaults.filter { fault in
            !order.inhibitors.contains(fault.id)
                && order.findings.contains { finding in ruleset.inhibitions.contains { $0.explains(fault: fault, finding: finding) } }
        }.map(\.id).sorted()
    }

    /// Open orders that a newly found fault explains: each should be inhibited by it.
    public static func ordersExplained(by fault: Finding, orders: [SupervisionOrder], ruleset: SupervisionRuleset) -> [String] {
        orders.filter { order in
            !order.status.isTerminal && !order.inhibitors.contains(fault.id)
                && order.findings.contains { finding in ruleset.inhibitions.contains { $0.explains(fault: fault, finding: finding) } }
        }.map(\.id).sorted()
    }
}
