public import Foundation

/// One transition of a supervision order (督办单) as Dispatch publishes it on `duban.orders`
/// (`cn.duban.order.event.v1`). Events of an order form a hash chain: `hash` is SHA-256 over
/// `previousHash` and the canonical JSON of the event without `hash`.
public struct OrderEventRecord: Codable, Sendable, Equatable {
    public var orderId: String
    public var orderNumber: String
    public var sequence: Int
    public var transition: String
    public var stage: String
    public var cause: String
    public var episodeId: String
    public var enterpriseId: String
    public var enterpriseName: String
    public var outletId: String
    public var outletName: String
    public var factor: String
    public var factorName: String
    public var periodStart: Date
    public var value: Double
    public var limit: Double
    public var unit: String
    public var actor: String
    public var reason: String
    public var occurredAt: Date
    public var previousHash: String
    public var hash: String

    public init(orderId: String, orderNumber: String, sequence: Int, transition: String, stage: String, cause: String,
                episodeId: String, enterpriseId: String, enterpriseName: String, outletId: String, outletName: String,
                factor: String, factorName: String, periodStart: Date, value: Double, limit: Double, unit: String,
                actor: String, reason: String, occurredAt: Date, previousHash: String, hash: String) {
        self.orderId = orderId
        self.orderNumber = orderNumber
        self.sequence = sequence
        self.transition = transition
        self.stage = stage
        self.cause = cause
        self.episodeId = episodeId
        self.enterpriseId = enterpriseId
        self.enterpriseName = enterpriseName
        self.outletId = outletId
        self.outletName = outletName
        self.factor = factor
        self.factorName = factorName
        self.periodStart = periodStart
        self.value = value
        self.limit = limit
        self.unit = unit
        self.actor = actor
        self.reason = reason
        self.occurredAt = occurredAt
        self.previousHash = previousHash
        self.hash = hash
    }
}
