public import Foundation

/// Notify's word that a notification of this order reached a recipient (送达), kept as evidence.
public struct OrderDelivery: Codable, Sendable, Hashable {
    public var deliveryId: String
    public var channel: String
    /// Masked (138****0001) or a display name; never the full number.
    public var recipient: String
    public var kind: String
    public var deliveredAt: Date

    public init(deliveryId: String, channel: String, recipient: String, kind: String, deliveredAt: Date) {
        self.deliveryId = deliveryId
        self.channel = channel
        self.recipient = recipient
        self.kind = kind
        self.deliveredAt = deliveredAt
    }
}
