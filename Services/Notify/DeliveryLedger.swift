import Bus
import Domain
import Foundation
import Pipeline
import Store

/// The one place an attempt's status changes: merges the new status by `DeliveryStatus.merged`
/// (a final status never changes, an earlier stage never replaces a later one), mirrors it on the
/// notification and appends the delivery event to the outbox (and one for each notification merged
/// into a digest, under its own order), all in the caller's transaction.
enum DeliveryLedger {
    static let source = "/duban/notify"

    struct Change: Sendable {
        var status: DeliveryStatus
        var providerMessageId: String? = nil
        var response: String? = nil
        var classification: String? = nil
        var providerCode: String? = nil
    }

    /// Applies `change` to attempt `attemptId`; returns the status it now has, or nil when the
    /// attempt does not exist. Nothing is written (and no event sent) when the status is unchanged.
    @discardableResult
    static func apply(_ db: isolated Database, attemptId: Int64, _ change: Change, outbox: Outbox) async throws -> DeliveryStatus? {
        let rows = try await db.query("""
            SELECT a.status, a.out_id, a.text, a.characters, a.parts, a.biz_id, a.channel,
                   n.id AS notification_id, n.order_id, n.order_number, n.phone
            FROM notify.attempts a JOIN notify.notifications n ON n.id = a.notification_id
            WHERE a.id = \(attemptId) FOR UPDATE OF a, n
            """)
        guard let row = rows.first else { return nil }
        let current = DeliveryStatus(rawValue: try row.decode("status", as: String.self)) ?? .queued
        let merged = current.merged(with: change.status)
        let storedBizId = try row.decode("biz_id", as: String?.self)
        let bizId = change.providerMessageId ?? storedBizId
        guard merged != current else { return current }
        let notificationId = try row.decode("notification_id", as: String.self)
        let orderId = try row.decode("order_id", as: String.self)
        try await db.execute("""
            UPDATE notify.attempts SET status = \(merged.rawValue), biz_id = \(bizId),
                   provider_response = coalesce(\(change.response), provider_response),
                   classification = coalesce(\(change.classification), classification),
                   provider_code = coalesce(\(change.providerCode), provider_code), updated_at = now()
            WHERE id = \(attemptId)
            """)
        try await db.execute("UPDATE notify.notifications SET status = \(merged.rawValue), updated_at = now() WHERE id = \(notificationId)")
        let now = Date()
        let record = DeliveryRecord(
            notificationId: notificationId, orderId: orderId, orderNumber: try row.decode("order_number", as: String.self),
            outId: try row.decode("out_id", as: String.self), channel: try row.decode("channel", as: String.self),
            status: merged.rawValue, recipientMasked: DeliveryRecord.mask(phone: try row.decode("phone", as: String?.self) ?? ""),
            text: try row.decode("text", as: String.self), characters: try row.decode("characters", as: Int.self),
            parts: try row.decode("parts", as: Int.self), providerMessageId: bizId, at: now)
        try await outbox.append(
            CloudEvent(id: "\(notificationId)#\(attemptId)#\(merged.rawValue)", source: source, type: EventType.delivery, time: now,
                       subject: orderId, data: record),
            topic: BusTopics.deliveries, key: orderId, in: db)
        // A digest speaks for the notifications merged into it: each of their orders hears how it went.
        let members = try await db.query("""
            SELECT id, order_id, order_number FROM notify.notifications WHERE merged_into = \(notificationId) ORDER BY id
            """)
        for member in members {
            let memberId = try member.decode("id", as: String.self)
            let memberOrder = try member.decode("order_id", as: String.self)
            var memberRecord = record
            memberRecord.notificationId = memberId
            memberRecord.orderId = memberOrder
            memberRecord.orderNumber = try member.decode("order_number", as: String.self)
            try await outbox.append(
                CloudEvent(id: "\(memberId)#\(attemptId)#\(merged.rawValue)", source: source, type: EventType.delivery, time: now,
                           subject: memberOrder, data: memberRecord),
                topic: BusTopics.deliveries, key: memberOrder, in: db)
        }
        return merged
    }

    /// The notification of attempt `attemptId` ended after the retry cap: one more event, with
    /// the id `<notification>#exhausted` and the attempt's final status, so the order shows that
    /// Notify gave up rather than one more failed try.
    static func announceGaveUp(_ db: isolated Database, attemptId: Int64, outbox: Outbox) async throws {
        let rows = try await db.query("""
            SELECT a.status, a.out_id, a.text, a.characters, a.parts, a.biz_id, a.channel,
                   n.id AS notification_id, n.order_id, n.order_number, n.phone
            FROM notify.attempts a JOIN notify.notifications n ON n.id = a.notification_id WHERE a.id = \(attemptId)
            """)
        guard let row = rows.first else { return }
        let notificationId = try row.decode("notification_id", as: String.self)
        let orderId = try row.decode("order_id", as: String.self)
        let now = Date()
        let record = DeliveryRecord(
            notificationId: notificationId, orderId: orderId, orderNumber: try row.decode("order_number", as: String.self),
            outId: try row.decode("out_id", as: String.self), channel: try row.decode("channel", as: String.self),
            status: try row.decode("status", as: String.self), recipientMasked: DeliveryRecord.mask(phone: try row.decode("phone", as: String?.self) ?? ""),
            text: try row.decode("text", as: String.self), characters: try row.decode("characters", as: Int.self),
            parts: try row.decode("parts", as: Int.self), providerMessageId: try row.decode("biz_id", as: String?.self), at: now)
        try await outbox.append(
            CloudEvent(id: "\(notificationId)#exhausted", source: source, type: EventType.delivery, time: now, subject: orderId, data: record),
            topic: BusTopics.deliveries, key: orderId, in: db)
    }
}
