import Channels
import Crypto
import Domain
import Foundation
import Pipeline
import Runtime
import Store

/// Delivers queued notifications by SMS through the configured channels, exactly once:
/// 1. in one transaction: record the attempt (provider, request as sent with secrets redacted,
///    stable key `outId`) and mark the notification `submitting`;
/// 2. send with that key;
/// 3. in one transaction: record the answer, its classification and the delivery event.
/// A crash or timeout between 1 and 3 leaves the notification `submitting`: the next round ASKS the
/// provider whether it has the key before anything is sent again (never resend blind).
/// Transient refusals retry with capped exponential backoff and jitter; permanent refusals fall
/// back to the next channel; quiet windows hold. A rate-limited notification is `held` until the
/// window ends; then every notification held for the same person and enterprise is merged into
/// one `digest` SMS (status `merged`, `merged_into` the digest), so a limit does not pile up sends.
final class SMSSender: Service {
    let name = "sms-sender"
    private let database: Database
    private let channels: [SMSChannel]
    private let quietWindows: QuietWindowPolicy
    private let limiter: RateLimiter
    private let transport: ChannelTransport
    private let templates: SMSTemplateCatalogue
    private let logger: Logger
    private let stopping = AsyncLatch()
    private let finished = AsyncLatch()
    private let outbox = Outbox(schema: NotifySchema.name)
    /// After this many transient failures the notification ends `failed_transient`.
    private let maxAttempts = 8
    private let sent = MetricsRegistry.shared.counter("duban_notify_sms_submitted_total", help: "SMS accepted by the gateway")
    private let failures = MetricsRegistry.shared.counter("duban_notify_sms_failures_total", help: "SMS send failures (any kind)")
    private let statusQueries = MetricsRegistry.shared.counter("duban_notify_status_queries_total", help: "provider status queries before a resend")
    private let rateLimited = MetricsRegistry.shared.counter("duban_notify_rate_limited_total", help: "sends held back by a rate limit")

    init(database: Database, channels: [SMSChannel], quietWindows: QuietWindowPolicy, limiter: RateLimiter, transport: ChannelTransport,
         templates: SMSTemplateCatalogue, logger: Logger) {
        self.database = database
        self.channels = channels
        self.quietWindows = quietWindows
        self.limiter = limiter
        self.transport = transport
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
        let orderNumber: String
        let kind: String
        let role: String
        let phone: String?
        let variables: [String: String]
        let status: String
        let attempts: Int
    }

    private func dueNotifications() async throws -> [Due] {
        let rows = try await database.query("""
            SELECT id, order_number, kind, recipient_role, phone, variables, status, attempts FROM notify.notifications
            WHERE status IN ('queued', 'submitting', 'held') AND next_attempt_at <= now()
            ORDER BY created_at LIMIT 50
            """)
        return try rows.map { row in
            Due(id: try row.decode("id", as: String.self), orderNumber: try row.decode("order_number", as: String.self),
                kind: try row.decode("kind", as: String.self), role: try row.decode("recipient_role", as: String.self),
                phone: try row.decode("phone", as: String?.self),
                variables: try JSONDecoder().decode([String: String].self, from: Data(try row.decode("variables", as: String.self).utf8)),
                status: try row.decode("status", as: String.self), attempts: try row.decode("attempts", as: Int.self))
        }
    }

    /// The stable key of a notification's SMS: the same on every retry and channel, so a gateway
    /// (and the status lookup) see one message.
    static func outId(notificationId: String) -> String {
        "DB" + String(SHA256.hex(Array(notificationId.utf8)).prefix(30))
    }

    private func deliver(_ notification: Due) async throws {
        guard let phone = notification.phone, !phone.isEmpty else {
            try await fail(notification, reason: "recipient has no phone number")
            return
        }
        guard let template = templates.template(kind: notification.kind) else {
            try await fail(notification, reason: "no SMS template for kind \(notification.kind)")
            return
        }
        let message: SMSTemplate.RenderedMessage
        do { message = try template.render(notification.variables) } catch {
            try await fail(notification, reason: "\(error)")
            return
        }
        if notification.status == "held" {
            try await mergeHeld(notification, phone: phone)
            return
        }
        if notification.status == DeliveryStatus.submitting.rawValue {
            try await resolveInFlight(notification, phone: phone, template: template, message: message)
        } else {
            try await send(notification, phone: phone, template: template, message: message)
        }
    }

    // MARK: Sending

    private func send(_ notification: Due, phone: String, template: SMSTemplate, message: SMSTemplate.RenderedMessage) async throws {
        let now = Date()
        let earliest = quietWindows.earliestSend(kind: notification.kind, role: notification.role, at: now)
        if earliest > now {
            logger.info("sms held by quiet window", metadata: ["order": notification.orderNumber, "until": "\(earliest)"])
            try await reschedule(notification, to: earliest)
            return
        }
        let refused = try await providersThatRefused(notification)
        let candidates = channels.filter { $0.canSend(template) && !refused.contains($0.provider.rawValue) }
        guard !candidates.isEmpty else {
            try await fail(notification, reason: "no channel left: refused by \(refused.sorted().joined(separator: ", "))")
            return
        }
        var chosen: SMSChannel?
        var limitedUntil: Date?
        var limitingRule = ""
        for channel in candidates {
            switch limiter.acquire(channel.rateLimitSubject(to: phone, template: template, message: message)) {
            case .allowed:
                chosen = channel
            case .limited(let until, let rule):
                limitedUntil = min(limitedUntil ?? until, until)
                limitingRule = rule.name
                continue
            }
            break
        }
        guard let channel = chosen else {
            rateLimited.increment()
            let until = limitedUntil ?? now.addingTimeInterval(60)
            logger.warning("sms rate limited; held until the next window",
                           metadata: ["order": notification.orderNumber, "rule": limitingRule, "until": "\(until)"])
            try await hold(notification, until: until)
            return
        }

        let outId = Self.outId(notificationId: notification.id)
        let request: ChannelRequest
        do {
            request = try channel.sendRequest(to: phone, template: template, message: message, outId: outId, at: Date(),
                                              nonce: SignatureNonce.make())
        } catch {
            try await fail(notification, reason: "\(channel.provider.rawValue) cannot build the request: \(error)")
            return
        }
        let attemptId = try await database.transaction { db in
            let rows = try await db.query("""
                INSERT INTO notify.attempts (notification_id, out_id, channel, provider, template_kind, template_version, text, characters,
                                             parts, status, provider_request)
                VALUES (\(notification.id), \(outId), 'sms', \(channel.provider.rawValue), \(template.kind), \(template.version),
                        \(message.text), \(message.characters), \(message.parts), 'submitting', \(request.evidence))
                RETURNING id
                """)
            try await db.execute("""
                UPDATE notify.notifications SET status = 'submitting', attempts = attempts + 1, updated_at = now()
                WHERE id = \(notification.id)
                """)
            return try rows[0].decode("id", as: Int64.self)
        }
        FaultInjection.point("notify.after_submitting", logger: logger)
        logger.info("sms sending", metadata: ["order": notification.orderNumber, "request": "\(request)", "outId": outId])

        let response: ChannelResponse
        do { response = try await transport.send(request) } catch {
            failures.increment()
            try await markUncertain(notification, attemptId: attemptId, reason: "no answer: \(error)")
            return
        }
        let outcome = channel.classifySend(response, phone: phone)
        let answer = response.text
        switch outcome.classification {
        case .success where !outcome.mayHaveBeenSent:
            FaultInjection.point("notify.after_send", logger: logger)
            try await database.transaction { [outbox] db in
                _ = try await DeliveryLedger.apply(db, attemptId: attemptId, .init(status: .submitted, providerMessageId: outcome.providerMessageId,
                                                                               response: answer, classification: outcome.classification.rawValue,
                                                                               providerCode: outcome.providerCode), outbox: outbox)
            }
            sent.increment()
            logger.info("sms submitted", metadata: [
                "order": notification.orderNumber, "to": DeliveryRecord.mask(phone: phone), "parts": "\(message.parts)", "outId": outId,
                "provider": channel.provider.rawValue,
            ])
        case _ where outcome.mayHaveBeenSent:
            failures.increment()
            try await markUncertain(notification, attemptId: attemptId, reason: "\(outcome)", response: answer, outcome: outcome)
        case .rateLimited:
            failures.increment()
            rateLimited.increment()
            try await holdAfterRateLimit(notification, attemptId: attemptId, outcome: outcome, response: answer)
        case .transient, .success:
            failures.increment()
            try await retryLater(notification, attemptId: attemptId, outcome: outcome, response: answer)
        case .permanent, .configuration, .authentication:
            failures.increment()
            logger.error("sms refused by provider; falling back to the next channel if any", metadata: [
                "order": notification.orderNumber, "provider": channel.provider.rawValue, "outcome": "\(outcome)",
            ])
            try await database.transaction { [outbox] db in
                _ = try await DeliveryLedger.apply(db, attemptId: attemptId, .init(status: .failedPermanent, response: answer,
                                                                               classification: outcome.classification.rawValue,
                                                                               providerCode: outcome.providerCode), outbox: outbox)
                // Back to the queue: the next round sends on the next channel, or fails when none is left.
                try await db.execute("UPDATE notify.notifications SET status = 'queued', next_attempt_at = now() WHERE id = \(notification.id)")
            }
        }
    }

    private func providersThatRefused(_ notification: Due) async throws -> Set<String> {
        let rows = try await database.query("""
            SELECT DISTINCT provider FROM notify.attempts WHERE notification_id = \(notification.id) AND status = 'failed_permanent'
            """)
        return Set(try rows.map { try $0.decode("provider", as: String.self) })
    }

    // MARK: After a timeout or a crash

    /// The notification is `submitting`: its last attempt may have reached the provider. Ask the
    /// provider; send again only when its answer proves the message was never accepted.
    private func resolveInFlight(_ notification: Due, phone: String, template: SMSTemplate, message: SMSTemplate.RenderedMessage) async throws {
        let rows = try await database.query("""
            SELECT id, provider, out_id, biz_id, created_at FROM notify.attempts
            WHERE notification_id = \(notification.id) AND status IN ('submitting', 'uncertain') ORDER BY id DESC LIMIT 1
            """)
        guard let row = rows.first else {
            // Every attempt already has its answer: the notification only needs to go back to the queue.
            try await database.execute("UPDATE notify.notifications SET status = 'queued', updated_at = now() WHERE id = \(notification.id)")
            return
        }
        let attemptId = try row.decode("id", as: Int64.self)
        let provider = try row.decode("provider", as: String.self)
        let outId = try row.decode("out_id", as: String.self)
        let bizId = try row.decode("biz_id", as: String?.self)
        let submittedAt = try row.decode("created_at", as: Date.self)
        guard let channel = channels.first(where: { $0.provider.rawValue == provider }) else {
            logger.error("in-flight attempt's provider is no longer configured; cannot ask before resending",
                         metadata: ["order": notification.orderNumber, "provider": provider])
            try await reschedule(notification, to: Date().addingTimeInterval(60))
            return
        }
        statusQueries.increment()
        try await database.execute("UPDATE notify.attempts SET status_queries = status_queries + 1 WHERE id = \(attemptId)")
        let result: StatusQueryResult
        do {
            let query = try channel.statusQueryRequest(phone: phone, outId: outId, providerMessageId: bizId, submittedAt: submittedAt,
                                                       at: Date(), nonce: SignatureNonce.make())
            result = try channel.parseStatusQuery(try await transport.send(query), outId: outId)
        } catch {
            logger.warning("status query failed; will ask again before any resend", metadata: ["order": notification.orderNumber, "error": "\(error)"])
            try await reschedule(notification, to: Date().addingTimeInterval(2))
            return
        }
        switch result {
        case .failed(let outcome):
            logger.warning("status query refused; will ask again before any resend", metadata: ["order": notification.orderNumber, "outcome": "\(outcome)"])
            try await reschedule(notification, to: Date().addingTimeInterval(2))
        case .reports(let reports, _):
            let lookup = SendLookup(outId: outId, providerMessageId: bizId, content: message.text, notBefore: submittedAt)
            if let mine = lookup.match(in: reports) {
                logger.info("status query found the send; not sending again", metadata: ["order": notification.orderNumber, "outId": outId])
                try await database.transaction { [outbox] db in
                    _ = try await DeliveryLedger.apply(db, attemptId: attemptId, .init(status: .submitted, providerMessageId: mine.providerMessageId ?? bizId,
                                                                                   response: "found by status query (\(mine.providerCode))",
                                                                                   classification: "success", providerCode: mine.providerCode), outbox: outbox)
                    if mine.status != .submitted {
                        _ = try await DeliveryLedger.apply(db, attemptId: attemptId, .init(status: mine.status, providerCode: mine.providerCode), outbox: outbox)
                    }
                }
                sent.increment()
            } else if channel.notFoundMeansNotSent {
                // Safe to send again, with the same backoff and cap as any transient failure.
                let exhausted = notification.attempts >= maxAttempts
                let delay = Backoff.delay(attempt: max(notification.attempts - 1, 0), base: .milliseconds(500), cap: .seconds(300))
                let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
                logger.info(exhausted ? "status query proves the send never arrived; retries exhausted" : "status query proves the send never arrived; sending again",
                            metadata: ["order": notification.orderNumber, "outId": outId, "retry.in": "\(delay)"])
                try await database.transaction { [outbox] db in
                    _ = try await DeliveryLedger.apply(db, attemptId: attemptId, .init(status: .failedTransient, response: "not at the provider (status query)",
                                                                                   classification: "transient", providerCode: "not_found"), outbox: outbox)
                    if !exhausted {
                        try await db.execute("""
                            UPDATE notify.notifications SET status = 'queued', next_attempt_at = now() + make_interval(secs => \(seconds)), updated_at = now()
                            WHERE id = \(notification.id)
                            """)
                    }
                }
            } else {
                // The provider lists receipts only: absence proves nothing. Wait for a receipt or a later query.
                try await reschedule(notification, to: Date().addingTimeInterval(60))
            }
        }
    }

    // MARK: Recording

    private func markUncertain(_ notification: Due, attemptId: Int64, reason: String, response: String? = nil, outcome: SendOutcome? = nil) async throws {
        logger.warning("sms outcome uncertain; will query the provider before any resend", metadata: ["order": notification.orderNumber, "reason": reason])
        try await database.transaction { [outbox] db in
            _ = try await DeliveryLedger.apply(db, attemptId: attemptId, .init(status: .uncertain, response: response ?? reason,
                                                                           classification: outcome?.classification.rawValue,
                                                                           providerCode: outcome?.providerCode), outbox: outbox)
            // The notification stays `submitting`, so the next round asks before sending.
            try await db.execute("""
                UPDATE notify.notifications SET status = 'submitting', next_attempt_at = now() + interval '1 second', updated_at = now()
                WHERE id = \(notification.id)
                """)
        }
    }

    private func retryLater(_ notification: Due, attemptId: Int64, outcome: SendOutcome, response: String) async throws {
        let exhausted = notification.attempts + 1 >= maxAttempts
        var delay = Backoff.delay(attempt: notification.attempts, base: .milliseconds(500), cap: .seconds(300))
        if let retryAfter = outcome.retryAfter, retryAfter > delay { delay = retryAfter }
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
        logger.warning(exhausted ? "sms failed; retries exhausted" : "sms failed; will retry", metadata: [
            "order": notification.orderNumber, "outcome": "\(outcome)", "retry.in": "\(delay)",
        ])
        try await database.transaction { [outbox] db in
            _ = try await DeliveryLedger.apply(db, attemptId: attemptId, .init(status: .failedTransient, response: response,
                                                                           classification: outcome.classification.rawValue,
                                                                           providerCode: outcome.providerCode), outbox: outbox)
            if !exhausted {
                try await db.execute("""
                    UPDATE notify.notifications SET status = 'queued', next_attempt_at = now() + make_interval(secs => \(seconds)), updated_at = now()
                    WHERE id = \(notification.id)
                    """)
            }
        }
    }

    // MARK: Rate limits and digests

    /// Holds a rate-limited notification until `until`; a digest itself is only rescheduled.
    private func hold(_ notification: Due, until: Date) async throws {
        let status = notification.kind == SMSTemplateCatalogue.digestKind ? "queued" : "held"
        try await database.execute("""
            UPDATE notify.notifications SET status = \(status), next_attempt_at = \(until), updated_at = now() WHERE id = \(notification.id)
            """)
    }

    private func holdAfterRateLimit(_ notification: Due, attemptId: Int64, outcome: SendOutcome, response: String) async throws {
        var delay = Backoff.delay(attempt: notification.attempts, base: .seconds(1), cap: .seconds(600))
        if let retryAfter = outcome.retryAfter, retryAfter > delay { delay = retryAfter }
        let until = Date().addingTimeInterval(Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18)
        logger.warning("sms rate limited by the provider; held until the next window", metadata: [
            "order": notification.orderNumber, "outcome": "\(outcome)", "until": "\(until)",
        ])
        let status = notification.kind == SMSTemplateCatalogue.digestKind ? "queued" : "held"
        try await database.transaction { [outbox] db in
            _ = try await DeliveryLedger.apply(db, attemptId: attemptId, .init(status: .failedTransient, response: response,
                                                                               classification: outcome.classification.rawValue,
                                                                               providerCode: outcome.providerCode), outbox: outbox)
            try await db.execute("""
                UPDATE notify.notifications SET status = \(status), next_attempt_at = \(until), updated_at = now() WHERE id = \(notification.id)
                """)
        }
    }

    private struct HeldMember {
        let id: String
        let orderId: String
        let orderNumber: String
        let name: String
        let role: String
        let variables: [String: String]
    }

    /// The window of a held notification has ended: merge it with every notification held for the
    /// same number and enterprise into one digest, or send it alone when it is the only one (or
    /// the digest cannot name a deadline).
    private func mergeHeld(_ notification: Due, phone: String) async throws {
        let enterprise = notification.variables["enterprise"] ?? ""
        let digest = try await database.transaction { db -> (id: String, count: Int)? in
            let rows = try await db.query("""
                SELECT id, order_id, order_number, recipient_name, recipient_role, variables FROM notify.notifications
                WHERE status = 'held' AND phone = \(phone) ORDER BY created_at, id FOR UPDATE
                """)
            var members: [HeldMember] = []
            for row in rows {
                let variables = try JSONDecoder().decode([String: String].self, from: Data(try row.decode("variables", as: String.self).utf8))
                guard (variables["enterprise"] ?? "") == enterprise else { continue }
                members.append(HeldMember(id: try row.decode("id", as: String.self), orderId: try row.decode("order_id", as: String.self),
                                          orderNumber: try row.decode("order_number", as: String.self),
                                          name: try row.decode("recipient_name", as: String.self),
                                          role: try row.decode("recipient_role", as: String.self), variables: variables))
            }
            guard members.count >= 2, let first = members.first, let deadline = first.variables["deadline"] else {
                // Alone (or already merged by an earlier notification of this round): send it as it is.
                try await db.execute("UPDATE notify.notifications SET status = 'queued', updated_at = now() WHERE id = \(notification.id) AND status = 'held'")
                return nil
            }
            let ids = members.map(\.id).sorted()
            let digestId = "digest:" + String(SHA256.hex(Array(ids.joined(separator: "\n").utf8)).prefix(32))
            let variables = ["enterprise": enterprise, "count": "\(members.count)", "orderNumber": first.orderNumber, "deadline": deadline,
                             "orders": members.map(\.orderNumber).joined(separator: ",")]
            let encoded = String(decoding: try JSONEncoder.sorted.encode(variables), as: UTF8.self)
            try await db.execute("""
                INSERT INTO notify.notifications (id, order_id, order_number, kind, recipient_name, recipient_role, phone, variables, status)
                VALUES (\(digestId), \(first.orderId), \(first.orderNumber), \(SMSTemplateCatalogue.digestKind), \(first.name), \(first.role),
                        \(phone), \(encoded), 'queued')
                ON CONFLICT (id) DO NOTHING
                """)
            for member in members {
                try await db.execute("""
                    UPDATE notify.notifications SET status = 'merged', merged_into = \(digestId), updated_at = now() WHERE id = \(member.id)
                    """)
            }
            return (digestId, members.count)
        }
        if let digest {
            logger.info("rate-limited notifications merged into one digest", metadata: [
                "to": DeliveryRecord.mask(phone: phone), "digest": digest.id, "count": "\(digest.count)",
            ])
        }
    }

    private func reschedule(_ notification: Due, to date: Date) async throws {
        try await database.execute("UPDATE notify.notifications SET next_attempt_at = \(date), updated_at = now() WHERE id = \(notification.id)")
    }

    /// Ends a notification that no channel can carry (no phone, no template, every channel refused).
    private func fail(_ notification: Due, reason: String) async throws {
        logger.error("sms not deliverable", metadata: ["order": notification.orderNumber, "notification": notification.id, "reason": reason])
        try await database.execute("UPDATE notify.notifications SET status = 'failed_permanent', updated_at = now() WHERE id = \(notification.id)")
    }
}
