public import Foundation

/// A state change of one delivery attempt (`duban.deliveries`, `cn.duban.delivery.v1`), so the
/// order shows whether and how its notification went out. The phone number is masked.
public struct DeliveryRecord: Codable, Sendable, Equatable {
    public var notificationId: String
    public var orderId: String
    public var orderNumber: String
    public var outId: String
    public var channel: String
    public var status: String
    public var recipientMasked: String
    public var text: String
    public var characters: Int
    public var parts: Int
    public var providerMessageId: String?
    public var at: Date

    public init(notificationId: String, orderId: String, orderNumber: String, outId: String, channel: String, status: String,
                recipientMasked: String, text: String, characters: Int, parts: Int, providerMessageId: String?, at: Date) {
        self.notificationId = notificationId
        self.orderId = orderId
        self.orderNumber = orderNumber
        self.outId = outId
        self.channel = channel
        self.status = status
        self.recipientMasked = recipientMasked
        self.text = text
        self.characters = characters
        self.parts = parts
        self.providerMessageId = providerMessageId
        self.at = at
    }

    /// `138****0000`: enough to tell recipients apart in logs and events, not enough to call them.
    public static func mask(phone: String) -> String {
        guard phone.count >= 7 else { return String(repeating: "*", count: phone.count) }
        return String(phone.prefix(3)) + "****" + String(phone.suffix(4))
    }
}
