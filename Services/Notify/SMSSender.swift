import Bus
import Crypto
import Domain
import Foundation
import Pipeline
import Runtime
import Store

/// Delivers queued notifications by SMS, exactly once:
/// 1. in one transaction: render, record the attempt with its stable key (`outId`) and mark the
///    notification `submitting`;
/// 2. send with that key;
/// 3. in one transaction: record the answer and append the delivery event to the outbox.
/// A crash between 1 and 3 leaves `submitting`: on restart the gateway is ASKED whether it has the
/// key before anything is sent again, so a message is never sent blind twice.
final class SMSSender: Service {
    let name = "sms-sender"
    private let database: Database
    private let gateway: WebhookSMSGateway
    private let templates: SMSTemplateCatalogue
    private let logger: Logger
    private let stopping = AsyncLatch()
    private let finished = AsyncLatch()
    private let outbox = Outbox(schema: NotifySchema.name)
    private let maxAttempts = 8
    static let source = "/duban/notify"
    private let sent = MetricsRegistry.shared.counter("duban_notify_sms_submitted_total", help: "SMS accepted by the gateway")
    private let failures = MetricsRegistry.shared.counter("duban_notify_sms_failures_total", help: "SMS send failures (any kind)")

    init(database: Database, gateway: WebhookSMSGateway, templates: SMSTemplateCatalogue, logger: Logger) {
        self.database = database
        self.gateway = gateway
        self.templates = templates
        self.logger = logger
    }

    func run() async throws {
        defer { finished.open() }
        while !stopping.isOpen {
            do {
                let due = try await dueNotifications()
                for notification in due where !stopping.isOpen { try await deliver(notification) }
                if due.isEmpty { try? await Task.sleep(for: .milliseconds(200)) }
            } catch {
                logger.warning("sender round failed; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Lets the send in hand finish and be recorded before the process ends.
    func shutdown() async {
        stopping.open()
        await finished.wait()
    }

    struct Due: Sendable {
        let id: String
        let orderId: String
        let orderNumber: String
        let kind: String
        let phone: String?
        let variables: [String: String]
        let status: String
        let attempts: Int
    }

    private func dueNotifications() async throws -> [Due] {
        let rows = try await database.query("""
            SELECT id, order_id, order_number, kind, phone, variables, status, attempts FROM notify.notifications
            WHERE status IN ('queued', 'submitting') AND next_attempt_at <= now()
            ORDER BY created_at LIMIT 50
            """)
        return try rows.map { row in
            Due(id: try row.decode("id", as: String.self), orderId: try row.decode("order_id", as: String.self),
                orderNumber: try row.decode("order_number", as: String.self), kind: try row.decode("kind", as: String.self),
                phone: try row.decode("phone", as: String?.self),
                variables: try JSONDecoder().decode([String: String].self, from: Data(try row.decode("variables", as: String.self).utf8)),
                status: try row.decode("status", as: String.self), attempts: try row.decode("attempts", as: Int.self))
        }
    }

    /// The stable key of a notification's SMS: the same on every retry, so the gateway (and the
    /// status lookup) see one message.
    static func outId(notificationId: String) -> String {
        "DB" + String(SHA256.hex(Array(notificationId.utf8)).prefix(30))
    }

    private func deliver(_ notification: Due) async throws {
        guard let phone = notification.phone, !phone.isEmpty else {
            try await finish(notification, status: "failed_permanent", reason: "recipient has no phone number")
            return
        }
        guard let template = templates.template(kind: notification.kind) else {
            try await finish(notification, status: "failed_permanent", reason: "no SMS template for kind \(notification.kind)")
            return
        }
        let rendered: SMSTemplate.RenderedMessage
        do { rendered = try template.render(notification.variables) } catch {
            try await finish(notification, status: "failed_permanent", reason: "\(error)")
            return
        }
        let outId = Self.outId(notificationId: notification.id)
        let message = WebhookSMSGateway.Message(outId: outId, phone: phone, signature: template.signature, text: rendered.text,
                                                parts: rendered.parts, templateKind: template.kind)
        let body = try gateway.requestBody(message)

        if notification.status == "submitting" {
            // A previous run may have sent it: ask before sending again.
            guard let known = await gateway.lookUp(outId: outId) else {
                try await postpone(notification, reason: "gateway status unknown; will ask again")
                return
            }
            if known.found {
                try await record(notification, outId: outId, rendered: rendered, status: "submitted", bizId: known.bizId,
                                 response: "found by status query after restart")
                return
            }
        } else {
            try await database.transaction { db in
                try await db.execute("""
                    INSERT INTO notify.attempts (notification_id, out_id, channel, template_kind, template_version, text, characters,
                                                 parts, status, provider_request)
                    VALUES (\(notification.id), \(outId), 'sms', \(template.kind), \(template.version), \(rendered.text),
                            \(rendered.characters), \(rendered.parts), 'submitting', \(String(decoding: body, as: UTF8.self)))
                    """)
                try await db.execute("""
                    UPDATE notify.notifications SET status = 'submitting', attempts = attempts + 1, updated_at = now()
                    WHERE id = \(notification.id)
                    """)
            }
        }
        FaultInjection.point("notify.after_submitting", logger: logger)
        switch await gateway.send(body) {
        case .accepted(let bizId, let response):
            FaultInjection.point("notify.after_send", logger: logger)
            try await record(notification, outId: outId, rendered: rendered, status: "submitted", bizId: bizId, response: response)
            sent.increment()
            logger.info("sms submitted", metadata: [
                "order": notification.orderNumber, "to": DeliveryRecord.mask(phone: phone), "parts": "\(rendered.parts)", "outId": outId,
            ])
        case .transient(let reason):
            failures.increment()
            try await retryLater(notification, reason: reason)
        case .permanent(let reason):
            failures.increment()
            try await finish(notification, status: "failed_permanent", reason: reason)
        case .uncertain(let reason):
            failures.increment()
            // Stay `submitting`: the next round asks the gateway before any resend.
            try await postpone(notification, reason: "no answer from gateway: \(reason)")
        }
    }

    private func record(_ notification: Due, outId: String, rendered: SMSTemplate.RenderedMessage, status: String,
                        bizId: String?, response: String) async throws {
        let now = Date()
        let delivery = DeliveryRecord(
            notificationId: notification.id, orderId: notification.orderId, orderNumber: notification.orderNumber, outId: outId,
            channel: "sms", status: status, recipientMasked: DeliveryRecord.mask(phone: notification.phone ?? ""),
            text: rendered.text, characters: rendered.characters, parts: rendered.parts, providerMessageId: bizId, at: now)
        try await database.transaction { [outbox] db in
            try await db.execute("""
                UPDATE notify.attempts SET status = \(status), biz_id = \(bizId), provider_response = \(response), updated_at = now()
                WHERE notification_id = \(notification.id) AND out_id = \(outId)
                """)
            try await db.execute("UPDATE notify.notifications SET status = \(status), updated_at = now() WHERE id = \(notification.id)")
            try await outbox.append(
                CloudEvent(id: "\(notification.id)#\(status)", source: Self.source, type: EventType.delivery, time: now,
                           subject: notification.orderId, data: delivery),
                topic: BusTopics.deliveries, key: notification.orderId, in: db)
        }
    }

    private func retryLater(_ notification: Due, reason: String) async throws {
        guard notification.attempts < maxAttempts else {
            try await finish(notification, status: "failed_transient", reason: "gave up after \(notification.attempts) attempts: \(reason)")
            return
        }
        let delay = Backoff.delay(attempt: notification.attempts, base: .milliseconds(500), cap: .seconds(300))
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
        logger.warning("sms failed, will retry", metadata: ["order": notification.orderNumber, "reason": reason, "retry.in": "\(delay)"])
        try await database.transaction { db in
            try await db.execute("UPDATE notify.attempts SET status = 'failed_transient', provider_response = \(reason), updated_at = now() WHERE notification_id = \(notification.id) AND status = 'submitting'")
            try await db.execute("""
                UPDATE notify.notifications SET status = 'queued', next_attempt_at = now() + make_interval(secs => \(seconds)), updated_at = now()
                WHERE id = \(notification.id)
                """)
        }
    }

    private func postpone(_ notification: Due, reason: String) async throws {
        logger.warning("sms outcome uncertain; will query before any resend", metadata: ["order": notification.orderNumber, "reason": reason])
        try await database.execute("""
            UPDATE notify.notifications SET next_attempt_at = now() + interval '2 seconds', updated_at = now() WHERE id = \(notification.id)
            """)
    }

    private func finish(_ notification: Due, status: String, reason: String) async throws {
        logger.error("sms not deliverable", metadata: ["order": notification.orderNumber, "notification": notification.id, "reason": reason])
        try await database.transaction { db in
            try await db.execute("UPDATE notify.attempts SET status = \(status), provider_response = \(reason), updated_at = now() WHERE notification_id = \(notification.id) AND status = 'submitting'")
            try await db.execute("UPDATE notify.notifications SET status = \(status), updated_at = now() WHERE id = \(notification.id)")
        }
    }
}
