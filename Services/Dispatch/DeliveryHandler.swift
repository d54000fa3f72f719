import Bus
import Domain
import Foundation
import Pipeline
import Runtime
import Store

/// Records on the order each notification Notify reports as delivered (`duban.deliveries`,
/// `cn.duban.delivery.v1` with status `delivered`): who received what, on which channel, when —
/// 送达 kept in the order's chain as evidence. Other statuses (submitted, failed…) are Notify's
/// business and change no order; a second receipt for the same notification is refused by the
/// rules as a duplicate and only logged.
struct DeliveryHandler: Sendable {
    let ledger: OrderLedger
    let logger: Logger

    func handle(_ db: isolated Database, _ record: ConsumedRecord, _ envelope: CloudEvent<AnyPayload>) async throws {
        guard envelope.type == EventType.delivery else { return }
        let delivery = try record.event(DeliveryRecord.self, "delivery event").data
        guard delivery.status == DeliveryStatus.delivered.rawValue else { return }
        guard let order = try await ledger.load(delivery.orderId, in: db) else {
            logger.warning("delivery for an unknown order", metadata: ["order": "\(delivery.orderId)", "notification": "\(delivery.notificationId)"])
            return
        }
        let receipt = OrderDelivery(deliveryId: delivery.notificationId, channel: delivery.channel, recipient: delivery.recipientMasked,
                                    kind: Self.kind(ofNotification: delivery.notificationId), deliveredAt: delivery.at)
        let now = Date()
        switch order.handle(.recordDelivery(receipt), by: .system(), at: now, context: try ledger.context(for: order)) {
        case .success(let outcome):
            try await ledger.record(outcome, previous: order, at: now, in: db)
        case .failure(let refusal):
            logger.info("delivery not recorded", metadata: [
                "order": "\(order.number)", "notification": "\(delivery.notificationId)", "code": "\(refusal.code.rawValue)",
            ])
        }
    }

    /// Dispatch names notifications `<order>:<sequence>:<contact>:<kind>` (OrderLedger); the kind
    /// is the last part. Another form is kept whole.
    static func kind(ofNotification id: String) -> String {
        let parts = id.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count >= 4 ? String(parts[parts.count - 1]) : id
    }
}
