import Bus
import Domain
import Foundation
import Pipeline
import Store

/// Records each notification request once (its id is order × recipient × kind); the sender
/// delivers it. Runs inside the consumer's transaction.
struct NotificationRequestHandler: Sendable {
    func handle(_ db: isolated Database, _ record: ConsumedRecord, _ envelope: CloudEvent<AnyPayload>) async throws {
        guard envelope.type == EventType.notificationRequest else { return }
        let request = try record.event(NotificationRequest.self, "notification request").data
        let variables = String(decoding: try JSONEncoder.sorted.encode(request.variables), as: UTF8.self)
        try await db.execute("""
            INSERT INTO notify.notifications (id, order_id, order_number, kind, recipient_name, recipient_role, phone, wechat_id, variables, status)
            VALUES (\(request.notificationId), \(request.orderId), \(request.orderNumber), \(request.kind), \(request.recipient.name),
                    \(request.recipient.role), \(request.recipient.phone), \(request.recipient.wechatId), \(variables), 'queued')
            ON CONFLICT (id) DO NOTHING
            """)
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}
