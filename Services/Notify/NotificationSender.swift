import Channels
import Crypto
import Domain
import Foundation
import Pipeline
import Runtime
import Store

/// Delivers queued notifications exactly once, on the recipient's channels in their preference
/// order (SMS providers, the WeChat official account, the WeCom and DingTalk robots):
/// 1. in one transaction: record the attempt (provider, request as sent with secrets redacted,
///    stable key `outId`) and mark the notification `submitting`;
/// 2. send with that key (OutId / SessionContext / client_msg_id);
/// 3. in one transaction: record the answer, its classification and the delivery event.
/// A crash or timeout between 1 and 3 leaves the notification `submitting`: the next round ASKS the
/// SMS provider whether it has the key before anything is sent again (never resend blind); WeChat
/// is sent again only while it drops a repeated client_msg_id (10 minutes); a robot, which has
/// neither, is marked `unknown` and the next channel is tried.
/// Transient refusals retry with capped exponential backoff and jitter up to `retries.maxAttempts`;
/// permanent refusals and missing addresses fall back to the next channel; quiet windows hold. A
/// rate-limited notification is `held` until the window ends; then every notification held for
/// the same person and enterprise is merged into one `digest` (status `merged`, `merged_into`).
final class NotificationSender: Service {
    /// How often a transiently failing notification is tried, and how long it waits in between.
    struct RetryPolicy: Sendable {
        var maxAttempts = 8
        var base: Duration = .milliseconds(500)
        var cap: Duration = .seconds(300)
    }

    let name = "notification-sender"
    private let database: Database
    private let channels: [DeliveryChannel]
    private let preferences: ChannelPreferences
    private let quietWindows: QuietWindowPolicy
    private let limits: PersistentRateLimits
    private let transport: ChannelTransport
    private let wechatTokens: WeChatTokenSource?
    private let templates: SMSTemplateCatalogue
    private let retries: RetryPolicy
    private let logger: Logger
    private let stopping = AsyncLatch()
    private let finished = AsyncLatch()
    private let outbox = Outbox(schema: NotifySchema.name)
    /// At most 10 status queries a second per provider, whatever the number of sends in doubt:
    /// a provider that is down (and so leaves many sends unanswered) is not flooded with queries.
    private let queryBudget = RateLimiter(rules: NotificationProvider.allCases.map { provider in
        RateLimitRule(name: "notify.status_queries.\(provider.rawValue)", provider: provider, scope: .provider, limit: 10,
                      window: .tokenBucket(.seconds(1)), basis: "Duban: status queries before a resend, per provider")
    })
    private let sent = MetricsRegistry.shared.counter("duban_notify_sms_submitted_total", help: "messages accepted by a gateway (any channel)")
    private let failures = MetricsRegistry.shared.counter("duban_notify_sms_failures_total", help: "send failures (any kind, any channel)")
    private let statusQueries = MetricsRegistry.shared.counter("duban_notify_status_queries_total", help: "provider status queries before a resend")
    private let rateLimited = MetricsRegistry.shared.counter("duban_notify_rate_limited_total", help: "sends held back by a rate limit")
    private let exhausted = MetricsRegistry.shared.counter("duban_notify_retries_exhausted_total", help: "notifications that failed transiently until the retry cap")
    private let fallbacks = MetricsRegistry.shared.counter("duban_notify_fallbacks_total", help: "notifications moved to their next channel")
    private let unknownSends = MetricsRegistry.shared.counter("duban_notify_unanswered_robot_sends_total", help: "robot sends without an answer (marked unknown, never repeated)")

    init(database: Database, channels: [DeliveryChannel], preferences: ChannelPreferences, quietWindows: QuietWindowPolicy,
         limits: PersistentRateLimits, transport: ChannelTransport, wechatTokens: WeChatTokenSource?, templates: SMSTemplateCatalogue,
         retries: RetryPolicy, logger: Logger) {
        self.database = database
        self.channels = channels
        self.preferences = preferences
        self.quietWindows = quietWindows
        self.limits = limits
        self.transport = transport
        self.wechatTokens = wechatTokens
        self.templates = templates
        self.retries = retries
        self.logger = logger
    }

    func run() async throws {
        defer { finished.open() }
        var rounds = 0
        while !stopping.isOpen {
            do {
                if rounds % 3000 == 0 { try await limits.prune() }
                rounds += 1
                let due = try await dueNotifications()
                let batched = try await sendBatches(due)
                for notification in due where !stopping.isOpen && !batched.contains(notification.id) { try await deliver(notification) }
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
        let wechatId: String?
        let variables: [String: String]
        let status: String
        let attempts: Int

        var recipient: DeliveryChannel.Recipient { .init(role: role, phone: phone, wechatOpenId: wechatId) }
    }

    private func dueNotifications() async throws -> [Due] {
        let rows = try await database.query("""
            SELECT id, order_number, kind, recipient_role, phone, wechat_id, variables, status, attempts FROM notify.notifications
            WHERE status IN ('queued', 'submitting', 'held') AND next_attempt_at <= now()
            ORDER BY created_at LIMIT 50
            """)
        return try rows.map { row in
            Due(id: try row.decode("id", as: String.self), orderNumber: try row.decode("order_number", as: String.self),
                kind: try row.decode("kind", as: String.self), role: try row.decode("recipient_role", as: String.self),
                phone: try row.decode("phone", as: String?.self), wechatId: try row.decode("wechat_id", as: String?.self),
                variables: try JSONDecoder().decode([String: String].self, from: Data(try row.decode("variables", as: String.self).utf8)),
                status: try row.decode("status", as: String.self), attempts: try row.decode("attempts", as: Int.self))
        }
    }

    /// The stable key of a notification: the same on every retry and channel, so a gateway (and
    /// the status lookup) see one message. 32 ASCII characters: fits OutId and client_msg_id.
    static func outId(notificationId: String) -> String {
        "DB" + String(SHA256.hex(Array(notificationId.utf8)).prefix(30))
    }

    /// The recipient's channels in preference order (SMS expanded to its providers in order).
    private func route(_ notification: Due) -> [DeliveryChannel] {
        preferences.channels(phone: notification.phone, role: notification.role).flatMap { preference in
            channels.filter { $0.preference == preference }
        }
    }

    private func deliver(_ notification: Due) async throws {
        guard let template = templates.template(kind: notification.kind) else {
            try await fail(notification, reason: "no template for kind \(notification.kind)")
            return
        }
        let message: SMSTemplate.RenderedMessage
        do { message = try template.render(notification.variables) } catch {
            try await fail(notification, reason: "\(error)")
            return
        }
        if notification.status == "held" {
            try await mergeHeld(notification)
            return
        }
        if notification.status == DeliveryStatus.submitting.rawValue {
            try await resolveInFlight(notification, template: template, message: message)
        } else {
            try await send(notification, template: template, message: message)
        }
    }

    // MARK: Sending

    private struct Choice {
        let channel: DeliveryChannel
        let address: String
        let token: AccessTokenCache.Token?
    }

    private func send(_ notification: Due, template: SMSTemplate, message: SMSTemplate.RenderedMessage) async throws {
        let now = Date()
        let earliest = quietWindows.earliestSend(kind: notification.kind, role: notification.role, at: now)
        if earliest > now {
            logger.info("notification held by quiet window", metadata: ["order": notification.orderNumber, "kind": notification.kind, "until": "\(earliest)"])
            try await reschedule(notification, to: earliest)
            return
        }
        let refused = try await providersDone(notification)
        var skipped: [String] = refused.sorted().map { "\($0): refused or unanswered" }
        var candidates: [(channel: DeliveryChannel, address: String)] = []
        for channel in route(notification) where !refused.contains(channel.provider.rawValue) {
            guard channel.canSend(template) else {
                skipped.append("\(channel.provider.rawValue): no approved template for \(template.kind)")
                continue
            }
            guard let address = channel.address(of: notification.recipient) else {
                skipped.append("\(channel.provider.rawValue): recipient has no address")
                continue
            }
            candidates.append((channel, address))
        }
        guard !candidates.isEmpty else {
            try await fail(notification, reason: "no channel left (\(skipped.joined(separator: "; ")))")
            return
        }
        var choice: Choice?
        var waitUntil: Date?
        var limitingRule = ""
        for candidate in candidates {
            var token: AccessTokenCache.Token?
            if candidate.channel.needsAccessToken {
                switch await wechatTokens?.token() {
                case .token(let current): token = current
                case .unavailable(let until, let reason):
                    logger.warning("wechat not usable now; trying the next channel", metadata: ["order": notification.orderNumber, "reason": reason])
                    waitUntil = min(waitUntil ?? until, until)
                    continue
                case nil: continue
                }
            }
            switch try await limits.acquire(candidate.channel.rateLimitSubject(to: candidate.address, template: template, message: message)) {
            case .allowed:
                choice = Choice(channel: candidate.channel, address: candidate.address, token: token)
            case .limited(let until, let rule):
                waitUntil = min(waitUntil ?? until, until)
                limitingRule = rule.name
                continue
            }
            break
        }
        guard let choice else {
            let until = waitUntil ?? now.addingTimeInterval(60)
            guard !limitingRule.isEmpty else {
                // Only WeChat was left and its token cannot be had now: try again then (no digest).
                try await reschedule(notification, to: until)
                return
            }
            rateLimited.increment()
            logger.warning("every channel limited or unavailable; held until the next window",
                           metadata: ["order": notification.orderNumber, "rule": limitingRule, "until": "\(until)"])
            try await hold(notification, until: until)
            return
        }
        try await submit(notification, on: choice, template: template, message: message)
    }

    private func submit(_ notification: Due, on choice: Choice, template: SMSTemplate, message: SMSTemplate.RenderedMessage) async throws {
        let channel = choice.channel
        let outId = Self.outId(notificationId: notification.id)
        let request: ChannelRequest
        do {
            request = try channel.sendRequest(to: choice.address, template: template, message: message, variables: notification.variables,
                                              key: outId, accessToken: choice.token?.value, at: Date(), nonce: SignatureNonce.make())
        } catch {
            // This channel cannot carry this notification (an over-long robot text, a bad openid): the next one may.
            logger.error("request cannot be built; falling back", metadata: ["order": notification.orderNumber, "provider": channel.provider.rawValue, "error": "\(error)"])
            try await recordRefusalWithoutSend(notification, channel: channel, outId: outId, template: template, message: message, reason: "\(error)")
            return
        }
        let attemptId = try await database.transaction { db in
            let rows = try await db.query("""
                INSERT INTO notify.attempts (notification_id, out_id, channel, provider, template_kind, template_version, text, characters,
                                             parts, status, provider_request)
                VALUES (\(notification.id), \(outId), \(channel.provider.channel), \(channel.provider.rawValue), \(template.kind), \(template.version),
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
        logger.info("sending", metadata: ["order": notification.orderNumber, "provider": channel.provider.rawValue, "request": "\(request)", "outId": outId])

        let response: ChannelResponse
        do { response = try await transport.send(request) } catch {
            failures.increment()
            try await markUncertain(notification, attemptId: attemptId, reason: "no answer: \(error)")
            return
        }
        let outcome = channel.classifySend(response, address: choice.address)
        let answer = response.text
        switch outcome.classification {
        case .success where !outcome.mayHaveBeenSent:
            FaultInjection.point("notify.after_send", logger: logger)
            let status: DeliveryStatus = channel.acceptanceIsDelivery ? .delivered : .submitted
            try await database.transaction { [outbox] db in
                _ = try await DeliveryLedger.apply(db, attemptId: attemptId, .init(status: status, providerMessageId: outcome.providerMessageId,
                                                                               response: answer, classification: outcome.classification.rawValue,
                                                                               providerCode: outcome.providerCode), outbox: outbox)
            }
            sent.increment()
            logger.info(status == .delivered ? "delivered" : "submitted", metadata: [
                "order": notification.orderNumber, "to": DeliveryRecord.mask(phone: choice.address), "parts": "\(message.parts)", "outId": outId,
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
        case .authentication:
            failures.increment()
            if let token = choice.token {
                try await tokenRefused(notification, attemptId: attemptId, token: token, outcome: outcome, response: answer)
            } else {
                try await fallBack(notification, attemptId: attemptId, provider: channel.provider, outcome: outcome, response: answer)
            }
        case .permanent, .configuration:
            failures.increment()
            try await fallBack(notification, attemptId: attemptId, provider: channel.provider, outcome: outcome, response: answer)
        }
    }

    /// Providers this notification must not use again: they refused it permanently, or a send
    /// there went unanswered with no way to ask (`unknown`).
    private func providersDone(_ notification: Due) async throws -> Set<String> {
        let rows = try await database.query("""
            SELECT DISTINCT provider FROM notify.attempts
            WHERE notification_id = \(notification.id) AND status IN ('failed_permanent', 'unknown')
            """)
        return Set(try rows.map { try $0.decode("provider", as: String.self) })
    }

    private func fallBack(_ notification: Due, attemptId: Int64, provider: NotificationProvider, outcome: SendOutcome, response: String) async throws {
        fallbacks.increment()
        logger.error("refused by provider; falling back to the next channel if any", metadata: [
            "order": notification.orderNumber, "provider": provider.rawValue, "outcome": "\(outcome)",
        ])
        try await database.transaction { [outbox] db in
            _ = try await DeliveryLedger.apply(db, attemptId: attemptId, .init(status: .failedPermanent, response: response,
                                                                           classification: outcome.classification.rawValue,
                                                                           providerCode: outcome.providerCode), outbox: outbox)
            // Back to the queue: the next round sends on the next channel, or fails when none is left.
            try await db.execute("UPDATE notify.notifications SET status = 'queued', next_attempt_at = now() WHERE id = \(notification.id)")
        }
    }

    /// The request could not even be built on this channel: kept as a refused attempt (nothing was
    /// sent), so the next round skips the channel.
    private func recordRefusalWithoutSend(_ notification: Due, channel: DeliveryChannel, outId: String, template: SMSTemplate,
                                          message: SMSTemplate.RenderedMessage, reason: String) async throws {
        fallbacks.increment()
        try await database.execute("""
            INSERT INTO notify.attempts (notification_id, out_id, channel, provider, template_kind, template_version, text, characters, parts,
                                         status, provider_request, provider_response, classification, provider_code)
            VALUES (\(notification.id), \(outId), \(channel.provider.channel), \(channel.provider.rawValue), \(template.kind), \(template.version),
                    \(message.text), \(message.characters), \(message.parts), 'failed_permanent', 'not sent', \(reason), 'permanent', 'invalid_request')
            """)
    }

    /// WeChat refused the access token: one forced refresh and one more send; a fresh token
    /// refused too means the account is misconfigured, so the next channel takes over.
    private func tokenRefused(_ notification: Due, attemptId: Int64, token: AccessTokenCache.Token, outcome: SendOutcome, response: String) async throws {
        let earlier = try await database.query("""
            SELECT count(*) AS refusals FROM notify.attempts
            WHERE notification_id = \(notification.id) AND classification = 'authentication' AND id <> \(attemptId)
            """)
        let alreadyRetried = try (earlier.first?.decode("refusals", as: Int.self) ?? 0) > 0
        switch await wechatTokens?.refused(token, alreadyRetried: alreadyRetried) ?? .giveUp {
        case .retryWithNewToken:
            logger.warning("wechat refused the access token; refreshing once and sending again", metadata: ["order": notification.orderNumber])
            try await database.transaction { [outbox] db in
                // A refused token proves the message was not sent: the resend cannot duplicate it.
                _ = try await DeliveryLedger.apply(db, attemptId: attemptId, .init(status: .failedTransient, response: response,
                                                                               classification: outcome.classification.rawValue,
                                                                               providerCode: outcome.providerCode), outbox: outbox)
                try await db.execute("UPDATE notify.notifications SET status = 'queued', next_attempt_at = now() WHERE id = \(notification.id)")
            }
        case .giveUp:
            try await fallBack(notification, attemptId: attemptId, provider: .wechatOfficialAccount, outcome: outcome, response: response)
        }
    }

    // MARK: One text to many numbers

    /// Sends, as Alibaba Cloud SendBatchSms calls (≤ 100 numbers each), the due notifications that
    /// carry one text to several numbers: queued, the same kind and variables, outside any quiet
    /// window, Alibaba Cloud their first usable channel, allowed by the rate limits. Each keeps
    /// its own attempt (same batch OutId and BizId, told apart by number in receipts and status
    /// queries). Returns the ids handled here; the rest go one by one.
    private func sendBatches(_ due: [Due]) async throws -> Set<String> {
        guard channels.contains(where: { $0.provider == .alibabaCloudSMS }) else { return [] }
        var handled: Set<String> = []
        let queued = due.filter { $0.status == "queued" && !($0.phone ?? "").isEmpty }
        let groups = Dictionary(grouping: queued) { notification in
            "\(notification.kind)\u{1F}" + String(decoding: (try? JSONEncoder.sorted.encode(notification.variables)) ?? Data(), as: UTF8.self)
        }
        for group in groups.values where group.count >= 2 {
            guard let template = templates.template(kind: group[0].kind), let message = try? template.render(group[0].variables) else { continue }
            var eligible: [(notification: Due, channel: DeliveryChannel, phone: String)] = []
            for notification in group where !eligible.contains(where: { $0.phone == notification.phone }) {
                let now = Date()
                guard quietWindows.earliestSend(kind: notification.kind, role: notification.role, at: now) <= now else { continue }
                let refused = try await providersDone(notification)
                let first = route(notification).first { channel in
                    !refused.contains(channel.provider.rawValue) && channel.canSend(template) && channel.address(of: notification.recipient) != nil
                }
                guard let first, first.provider == .alibabaCloudSMS, let phone = notification.phone else { continue }
                eligible.append((notification, first, phone))
            }
            guard eligible.count >= 2 else { continue }
            var allowed: [(notification: Due, channel: DeliveryChannel, phone: String)] = []
            for member in eligible {
                if case .allowed = try await limits.acquire(member.channel.rateLimitSubject(to: member.phone, template: template, message: message)) {
                    allowed.append(member)
                }
            }
            if allowed.count == 1, let only = allowed.first {
                // Its quota is already counted: send it alone here rather than count it twice.
                handled.insert(only.notification.id)
                try await submit(only.notification, on: Choice(channel: only.channel, address: only.phone, token: nil), template: template, message: message)
                continue
            }
            for chunk in stride(from: 0, to: allowed.count, by: AlibabaCloudSMS.batchLimit).map({ Array(allowed[$0..<min($0 + AlibabaCloudSMS.batchLimit, allowed.count)]) }) {
                guard case .sms(.alibabaCloud(let adapter)) = chunk[0].channel else { continue }
                handled.formUnion(chunk.map(\.notification.id))
                try await submitBatch(chunk.map { ($0.notification, $0.phone) }, adapter: adapter, template: template, message: message)
            }
        }
        return handled
    }

    private func submitBatch(_ members: [(notification: Due, phone: String)], adapter: AlibabaCloudSMS, template: SMSTemplate,
                             message: SMSTemplate.RenderedMessage) async throws {
        guard let templateCode = template.approval(for: .alibabaCloudSMS)?.templateCode else { return }
        let outId = Self.outId(notificationId: "batch\n" + members.map(\.notification.id).sorted().joined(separator: "\n"))
        let request: ChannelRequest
        do {
            request = try adapter.sendBatchSms(to: members.map { .init(phone: $0.phone, signName: template.signature, parameters: message.parameters) },
                                               templateCode: templateCode, outId: outId, at: Date(), nonce: SignatureNonce.make())
        } catch {
            logger.error("SendBatchSms cannot be built; sending one by one", metadata: ["error": "\(error)"])
            for member in members {
                try await submit(member.notification, on: Choice(channel: .sms(.alibabaCloud(adapter)), address: member.phone, token: nil),
                                 template: template, message: message)
            }
            return
        }
        let attemptIds = try await database.transaction { db in
            var ids: [Int64] = []
            for member in members {
                let rows = try await db.query("""
                    INSERT INTO notify.attempts (notification_id, out_id, channel, provider, template_kind, template_version, text, characters,
                                                 parts, status, provider_request)
                    VALUES (\(member.notification.id), \(outId), 'sms', \(NotificationProvider.alibabaCloudSMS.rawValue), \(template.kind),
                            \(template.version), \(message.text), \(message.characters), \(message.parts), 'submitting', \(request.evidence))
                    RETURNING id
                    """)
                try await db.execute("""
                    UPDATE notify.notifications SET status = 'submitting', attempts = attempts + 1, updated_at = now()
                    WHERE id = \(member.notification.id)
                    """)
                ids.append(try rows[0].decode("id", as: Int64.self))
            }
            return ids
        }
        FaultInjection.point("notify.after_submitting", logger: logger)
        logger.info("sending batch", metadata: ["numbers": "\(members.count)", "request": "\(request)", "outId": outId])
        let attempts = Array(zip(members.map(\.notification), attemptIds))
        let response: ChannelResponse
        do { response = try await transport.send(request) } catch {
            failures.increment()
            for (notification, attemptId) in attempts { try await markUncertain(notification, attemptId: attemptId, reason: "no answer: \(error)") }
            return
        }
        let outcome = AlibabaCloudSMS.classify(response)
        let answer = response.text
        switch outcome.classification {
        case .success where !outcome.mayHaveBeenSent:
            FaultInjection.point("notify.after_send", logger: logger)
            try await database.transaction { [outbox] db in
                for (_, attemptId) in attempts {
                    _ = try await DeliveryLedger.apply(db, attemptId: attemptId, .init(status: .submitted, providerMessageId: outcome.providerMessageId,
                                                                                   response: answer, classification: outcome.classification.rawValue,
                                                                                   providerCode: outcome.providerCode), outbox: outbox)
                }
            }
            sent.increment(by: members.count)
            logger.info("batch submitted", metadata: ["numbers": "\(members.count)", "outId": outId, "bizId": outcome.providerMessageId ?? ""])
        case _ where outcome.mayHaveBeenSent:
            failures.increment()
            for (notification, attemptId) in attempts {
                try await markUncertain(notification, attemptId: attemptId, reason: "\(outcome)", response: answer, outcome: outcome)
            }
        case .rateLimited:
            failures.increment()
            rateLimited.increment()
            for (notification, attemptId) in attempts { try await holdAfterRateLimit(notification, attemptId: attemptId, outcome: outcome, response: answer) }
        case .transient, .success:
            failures.increment()
            for (notification, attemptId) in attempts { try await retryLater(notification, attemptId: attemptId, outcome: outcome, response: answer) }
        case .permanent, .configuration, .authentication:
            failures.increment()
            for (notification, attemptId) in attempts {
                try await fallBack(notification, attemptId: attemptId, provider: .alibabaCloudSMS, outcome: outcome, response: answer)
            }
        }
    }

    // MARK: After a timeout or a crash

    /// The notification is `submitting`: its last attempt may have reached the provider. Ask the
    /// provider; send again only when its answer proves the message was never accepted.
    private func resolveInFlight(_ notification: Due, template: SMSTemplate, message: SMSTemplate.RenderedMessage) async throws {
        let rows = try await database.query("""
            SELECT id, provider, out_id, biz_id, created_at, status_queries FROM notify.attempts
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
        let submittedAt = try row.decode("created_at", as: Date.self)
        guard let channel = channels.first(where: { $0.provider.rawValue == provider }) else {
            logger.error("in-flight attempt's provider is no longer configured; cannot ask before resending",
                         metadata: ["order": notification.orderNumber, "provider": provider])
            try await reschedule(notification, to: Date().addingTimeInterval(60))
            return
        }
        if let sms = channel.statusQueryChannel, let phone = notification.phone {
            try await query(notification, channel: sms, phone: phone, attemptId: attemptId, outId: outId, bizId: try row.decode("biz_id", as: String?.self),
                            submittedAt: submittedAt, queriesSoFar: try row.decode("status_queries", as: Int.self), message: message)
        } else if let window = channel.duplicateWindow, Date().timeIntervalSince(submittedAt) < window.timeInterval - 60 {
            // WeChat drops a repeat of the same client_msg_id to the same openid for 10 minutes:
            // within that window a resend cannot make a second message.
            try await resendAfterProof(notification, attemptId: attemptId, outId: outId,
                                       evidence: "resent under the same client_msg_id within WeChat's duplicate window", code: "resend_deduplicated")
        } else {
            // No way to ask, no protection against a duplicate: never send on this channel again.
            unknownSends.increment()
            logger.warning("send without an answer on a channel that cannot be asked; marked unknown, trying the next channel",
                           metadata: ["order": notification.orderNumber, "provider": provider, "outId": outId])
            try await database.transaction { [outbox] db in
                _ = try await DeliveryLedger.apply(db, attemptId: attemptId, .init(status: .unknown, response: "no answer; the provider cannot be asked",
                                                                               providerCode: "no_answer"), outbox: outbox)
                try await db.execute("UPDATE notify.notifications SET status = 'queued', next_attempt_at = now(), updated_at = now() WHERE id = \(notification.id)")
            }
        }
    }

    private func query(_ notification: Due, channel: SMSChannel, phone: String, attemptId: Int64, outId: String, bizId: String?, submittedAt: Date,
                       queriesSoFar: Int, message: SMSTemplate.RenderedMessage) async throws {
        if case .limited(let until, _) = queryBudget.acquire(.init(provider: channel.provider)) {
            try await reschedule(notification, to: until)
            return
        }
        statusQueries.increment()
        try await database.execute("UPDATE notify.attempts SET status_queries = status_queries + 1 WHERE id = \(attemptId)")
        // While the provider is down, ask less and less often (2 s doubling to 5 min), not in a loop.
        let askAgain = Date().addingTimeInterval(Backoff.delay(attempt: queriesSoFar, base: .seconds(2), cap: .seconds(300)).timeInterval)
        let result: StatusQueryResult
        do {
            let query = try channel.statusQueryRequest(phone: phone, outId: outId, providerMessageId: bizId, submittedAt: submittedAt,
                                                       at: Date(), nonce: SignatureNonce.make())
            result = try channel.parseStatusQuery(try await transport.send(query), outId: outId)
        } catch {
            logger.warning("status query failed; will ask again before any resend",
                           metadata: ["order": notification.orderNumber, "error": "\(error)", "ask.at": "\(askAgain)"])
            try await reschedule(notification, to: askAgain)
            return
        }
        switch result {
        case .failed(let outcome):
            logger.warning("status query refused; will ask again before any resend",
                           metadata: ["order": notification.orderNumber, "outcome": "\(outcome)", "ask.at": "\(askAgain)"])
            try await reschedule(notification, to: askAgain)
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
                try await resendAfterProof(notification, attemptId: attemptId, outId: outId, evidence: "not at the provider (status query)", code: "not_found")
            } else {
                // The provider lists receipts only: absence proves nothing. Wait for a receipt or a later query.
                try await reschedule(notification, to: Date().addingTimeInterval(60))
            }
        }
    }

    /// A resend is proven safe (the provider does not have the message, or drops a duplicate): the
    /// attempt ends `failed_transient` and the notification goes back to the queue after the same
    /// capped, jittered backoff as any transient failure, counting toward the cap.
    private func resendAfterProof(_ notification: Due, attemptId: Int64, outId: String, evidence: String, code: String) async throws {
        let last = notification.attempts >= retries.maxAttempts
        let delay = Backoff.delay(attempt: max(notification.attempts - 1, 0), base: retries.base, cap: retries.cap)
        logger.info(last ? "send proven absent; retries exhausted" : "send proven absent or deduplicated; sending again",
                    metadata: ["order": notification.orderNumber, "outId": outId, "retry.in": "\(delay)", "proof": code])
        try await database.transaction { [outbox] db in
            _ = try await DeliveryLedger.apply(db, attemptId: attemptId, .init(status: .failedTransient, response: evidence,
                                                                           classification: "transient", providerCode: code), outbox: outbox)
            if last {
                try await self.recordExhausted(db, notification, attemptId: attemptId)
            } else {
                try await db.execute("""
                    UPDATE notify.notifications SET status = 'queued', next_attempt_at = now() + make_interval(secs => \(delay.timeInterval)), updated_at = now()
                    WHERE id = \(notification.id)
                    """)
            }
        }
    }

    // MARK: Recording

    private func markUncertain(_ notification: Due, attemptId: Int64, reason: String, response: String? = nil, outcome: SendOutcome? = nil) async throws {
        logger.warning("outcome uncertain; will ask the provider before any resend", metadata: ["order": notification.orderNumber, "reason": reason])
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
        let last = notification.attempts + 1 >= retries.maxAttempts
        let backoff = Backoff.delay(attempt: notification.attempts, base: retries.base, cap: retries.cap)
        let delay = outcome.retryAfter.map { max($0, backoff) } ?? backoff
        logger.warning(last ? "send failed; retries exhausted" : "send failed; will retry", metadata: [
            "order": notification.orderNumber, "outcome": "\(outcome)", "retry.in": "\(delay)",
        ])
        try await database.transaction { [outbox] db in
            _ = try await DeliveryLedger.apply(db, attemptId: attemptId, .init(status: .failedTransient, response: response,
                                                                           classification: outcome.classification.rawValue,
                                                                           providerCode: outcome.providerCode), outbox: outbox)
            if last {
                try await self.recordExhausted(db, notification, attemptId: attemptId)
            } else {
                try await db.execute("""
                    UPDATE notify.notifications SET status = 'queued', next_attempt_at = now() + make_interval(secs => \(delay.timeInterval)), updated_at = now()
                    WHERE id = \(notification.id)
                    """)
            }
        }
    }

    /// The notification failed transiently `maxAttempts` times: it ends `failed_transient` (the
    /// ledger already mirrored the last attempt), with an error log, a metric, and a delivery event
    /// of its own (`<notification>#exhausted`) so the order shows that Notify gave up.
    private func recordExhausted(_ db: isolated Database, _ notification: Due, attemptId: Int64) async throws {
        exhausted.increment()
        logger.error("notification failed after the retry cap; giving up", metadata: [
            "order": notification.orderNumber, "notification": notification.id, "attempts": "\(retries.maxAttempts)",
        ])
        try await DeliveryLedger.announceGaveUp(db, attemptId: attemptId, outbox: outbox)
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
        let until = Date().addingTimeInterval(delay.timeInterval)
        logger.warning("rate limited by the provider; held until the next window", metadata: [
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
        let wechatId: String?
        let variables: [String: String]
    }

    /// The window of a held notification has ended: merge it with every notification held for the
    /// same number and enterprise into one digest, or send it alone when it is the only one (or
    /// the digest cannot name a deadline, or the recipient has no number to group by).
    private func mergeHeld(_ notification: Due) async throws {
        let enterprise = notification.variables["enterprise"] ?? ""
        guard let phone = notification.phone, !phone.isEmpty else {
            try await database.execute("UPDATE notify.notifications SET status = 'queued', updated_at = now() WHERE id = \(notification.id) AND status = 'held'")
            return
        }
        let digest = try await database.transaction { db -> (id: String, count: Int)? in
            let rows = try await db.query("""
                SELECT id, order_id, order_number, recipient_name, recipient_role, wechat_id, variables FROM notify.notifications
                WHERE status = 'held' AND phone = \(phone) ORDER BY created_at, id FOR UPDATE
                """)
            var members: [HeldMember] = []
            for row in rows {
                let variables = try JSONDecoder().decode([String: String].self, from: Data(try row.decode("variables", as: String.self).utf8))
                guard (variables["enterprise"] ?? "") == enterprise else { continue }
                members.append(HeldMember(id: try row.decode("id", as: String.self), orderId: try row.decode("order_id", as: String.self),
                                          orderNumber: try row.decode("order_number", as: String.self),
                                          name: try row.decode("recipient_name", as: String.self),
                                          role: try row.decode("recipient_role", as: String.self),
                                          wechatId: try row.decode("wechat_id", as: String?.self), variables: variables))
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
                INSERT INTO notify.notifications (id, order_id, order_number, kind, recipient_name, recipient_role, phone, wechat_id, variables, status)
                VALUES (\(digestId), \(first.orderId), \(first.orderNumber), \(SMSTemplateCatalogue.digestKind), \(first.name), \(first.role),
                        \(phone), \(first.wechatId), \(encoded), 'queued')
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

    /// Ends a notification that no channel can carry (no template, no address, every channel refused).
    private func fail(_ notification: Due, reason: String) async throws {
        logger.error("notification not deliverable", metadata: ["order": notification.orderNumber, "notification": notification.id, "reason": reason])
        try await database.execute("UPDATE notify.notifications SET status = 'failed_permanent', updated_at = now() WHERE id = \(notification.id)")
    }
}
