public import Foundation

/// One transition of an order: who, when, from which role, what changed and why, and the
/// stage and status after it. The sequence starts at 1 with `opened`.
public struct OrderEvent: Codable, Sendable, Hashable {
    public var orderId: String
    public var sequence: Int
    public var occurredAt: Date
    public var actor: OrderActor
    public var change: OrderChange
    public var stage: OrderStage
    public var status: OrderStatus
    public var reasonZh: String

    public init(orderId: String, sequence: Int, occurredAt: Date, actor: OrderActor, change: OrderChange, stage: OrderStage,
                status: OrderStatus, reasonZh: String) {
        self.orderId = orderId
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.actor = actor
        self.change = change
        self.stage = stage
        self.status = status
        self.reasonZh = reasonZh
    }
}
