public import Foundation

/// The data of a `cn.duban.order.command.v1` CloudEvent on `duban.commands`: who asks what of
/// which order. Portal publishes these; `duban-ctl order …` too. Dispatch answers each on
/// `duban.orders`: the order's new events, or a `cn.duban.order.command.refused.v1`.
public struct OrderCommandMessage: Codable, Sendable, Hashable {
    public static let eventType = "cn.duban.order.command.v1"
    public static let refusedEventType = "cn.duban.order.command.refused.v1"

    /// Unique per command: a resent command is handled once.
    public var commandId: String
    /// The order's id, or its number (`DB…`).
    public var order: String
    public var actor: OrderActor
    public var command: OrderCommand
    public var issuedAt: Date

    public init(commandId: String, order: String, actor: OrderActor, command: OrderCommand, issuedAt: Date) {
        self.commandId = commandId
        self.order = order
        self.actor = actor
        self.command = command
        self.issuedAt = issuedAt
    }
}

/// Why a command on `duban.commands` changed nothing: the data of
/// `cn.duban.order.command.refused.v1`, with the rules' stable code and the reason in Chinese.
public struct OrderCommandRefusal: Codable, Sendable, Hashable {
    public var commandId: String
    public var order: String
    /// Empty when no order matched `order`.
    public var orderId: String
    public var command: String
    public var actor: String
    public var code: String
    public var reasonZh: String
    public var refusedAt: Date

    public init(commandId: String, order: String, orderId: String, command: String, actor: String, code: String,
                reasonZh: String, refusedAt: Date) {
        self.commandId = commandId
        self.order = order
        self.orderId = orderId
        self.command = command
        self.actor = actor
        self.code = code
        self.reasonZh = reasonZh
        self.refusedAt = refusedAt
    }
}
