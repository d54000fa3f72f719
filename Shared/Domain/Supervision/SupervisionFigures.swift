public import Foundation

/// The figures the province watches (supervision.md), computed from order states (each a replay
/// of its history): reply and on-time rates, time to close, orders by stage, type, city and
/// industry, and the share ending in a confirmed violation.
public struct SupervisionFigures: Codable, Sendable, Hashable {
    public struct Rate: Codable, Sendable, Hashable {
        public var numerator: Int
        public var denominator: Int

        public init(numerator: Int, denominator: Int) {
            self.numerator = numerator
            self.denominator = denominator
        }

        /// Nil when nothing was counted (no division by zero disguised as 0 %).
        public var value: Double? { denominator == 0 ? nil : Double(numerator) / Double(denominator) }
    }

    public struct Durations: Codable, Sendable, Hashable {
        public var count: Int
        public var meanHours: Double?
        public var medianHours: Double?
        public var maximumHours: Double?

        public init(count: Int, meanHours: Double?, medianHours: Double?, maximumHours: Double?) {
            self.count = count
            self.meanHours = meanHours
            self.medianHours = medianHours
            self.maximumHours = maximumHours
        }
    }

    /// Orders counted (opened inside the window).
    public var orders: Int
    /// By the highest stage each order reached.
    public var byStage: [OrderStage: Int]
    public var byType: [OrderType: Int]
    /// By city division code (the enterprise's).
    public var byCity: [String: Int]
    /// By industry code; enterprises without one under `unknown`.
    public var byIndustry: [String: Int]
    public var byStatus: [OrderStatus: Int]
    /// Orders that reached dispatch and got at least one reply / orders that reached dispatch
    /// and either replied or saw the first reply deadline pass.
    public var replyRate: Rate
    /// First replies before their deadline / first replies.
    public var onTimeRate: Rate
    /// From opening to the end, over ended orders.
    public var timeToClose: Durations
    /// Decided orders ending in a confirmed violation / decided orders.
    public var confirmedShare: Rate

    /// Figures over the orders opened in [from, to), as of `now`.
    public static func compute(_ orders: [SupervisionOrder], openedFrom from: Date, to: Date, now: Date) -> SupervisionFigures {
        let counted = orders.filter { $0.openedAt >= from && $0.openedAt < to }
        var byStage: [OrderStage: Int] = [:]
        var byType: [OrderType: Int] = [:]
        var byCity: [String: Int] = [:]
        var byIndustry: [String: Int] = [:]
        var byStatus: [OrderStatus: Int] = [:]
        var replied = 0, replyDue = 0, firstOnTime = 0, firstReplies = 0, confirmed = 0, decided = 0
        var closeHours: [Double] = []
        for order in counted {
            let highest = order.stageHistory.map(\.stage).max() ?? order.stage
            byStage[highest, default: 0] += 1
            byType[order.type, default: 0] += 1
            byCity[order.enterprise.location.city ?? order.enterprise.location.code, default: 0] += 1
            byIndustry[order.enterprise.industry?.rawValue ?? "unknown", default: 0] += 1
            byStatus[order.status, default: 0] += 1
            if let first = order.replies.first {
                replied += 1
                replyDue += 1
                firstReplies += 1
                if first.onTime { firstOnTime += 1 }
            } else if order.stageHistory.contains(where: { $0.stage == .dispatch }), order.replyWasDue(by: now) {
                replyDue += 1
            }
            if let decision = order.decision {
                decided += 1
                if case .violationConfirmed = decision { confirmed += 1 }
            }
            if let endedAt = order.endedAt { closeHours.append(endedAt.timeIntervalSince(order.openedAt) / 3600) }
        }
        return SupervisionFigures(
            orders: counted.count, byStage: byStage, byType: byType, byCity: byCity, byIndustry: byIndustry, byStatus: byStatus,
            replyRate: Rate(numerator: replied, denominator: replyDue),
            onTimeRate: Rate(numerator: firstOnTime, denominator: firstReplies),
            timeToClose: durations(closeHours),
            confirmedShare: Rate(numerator: confirmed, denominator: decided))
    }

    /// Figures over histories: each is replayed first; one that does not replay is an error,
    /// never silently skipped.
    public static func compute(histories: [[OrderEvent]], openedFrom from: Date, to: Date,
                               now: Date) throws(SupervisionOrder.ReplayError) -> SupervisionFigures {
        var orders: [SupervisionOrder] = []
        for history in histories { orders.append(try SupervisionOrder.replay(history)) }
        return compute(orders, openedFrom: from, to: to, now: now)
    }

    static func durations(_ hours: [Double]) -> Durations {
        guard !hours.isEmpty else { return Durations(count: 0, meanHours: nil, medianHours: nil, maximumHours: nil) }
        let sorted = hours.sorted()
        let middle = sorted.count / 2
        let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        return Durations(count: sorted.count, meanHours: sorted.reduce(0, +) / Double(sorted.count), medianHours: median,
                         maximumHours: sorted.last)
    }
}

extension SupervisionOrder {
    /// True when the first reply deadline passed while the order was still in dispatch (before
    /// `now`, before the order ended, before it moved on to handling after).
    func replyWasDue(by now: Date) -> Bool {
        guard let due = firstReplyDue else { return false }
        let leftDispatch = stageHistory.first { $0.stage == .handlingAfter }?.enteredAt
        let cutoff = [now, endedAt, leftDispatch].compactMap { $0 }.min()!
        return due <= cutoff
    }
}
