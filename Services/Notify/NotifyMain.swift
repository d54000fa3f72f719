import Bus
import Channels
import Domain
import Foundation
import Pipeline
import Runtime

/// Notify: turns notification requests into messages on each recipient's channels (SMS, WeChat
/// template messages, WeCom and DingTalk robots) in their preference order.
///
/// Channels come from `ChannelsConfiguration` (docs/notify.md): `DUBAN_SMS_GATEWAY_URL` (the
/// generic JSON webhook), the Alibaba Cloud and Tencent Cloud groups, `DUBAN_SMS_PROVIDERS`
/// (fallback order), `DUBAN_NOTIFY_QUIET_WINDOWS`. Also `DUBAN_SMS_SIGNATURE` (default
/// 四川省生态环境厅), `DUBAN_SMS_TEMPLATE_APPROVALS` (where templates are approved) and `DUBAN_NOTIFY_SEND_TIMEOUT` (default 10s: after it, the provider is asked
/// before any resend), `DUBAN_NOTIFY_RECONCILIATION` (default 10m,1h,24h,72h: status queries for
/// attempts without a receipt, then `unknown`), `DUBAN_NOTIFY_CHANNELS` (channel order per person or
/// role, default SMS only), `DUBAN_WECHAT_TEMPLATES` (WeChat template per kind),
/// `DUBAN_NOTIFY_RATE_LIMITS` (changes to the documented caps), `DUBAN_NOTIFY_MAX_ATTEMPTS` (default 8) and `DUBAN_NOTIFY_RETRY_BASE` (default 500ms: first backoff,
/// doubling to 5 min). Receipt endpoints live on the ops HTTP server.
@main
struct NotifyMain {
    static func main() async {
        do {
            let host = try await ServiceHost.start(name: "notify", defaultOpsPort: 9105, migrators: [NotifySchema.migrator])
            let configuration = try ChannelsConfiguration(environment: host.environment)
            let channels = configuration.smsChannels
            guard !channels.isEmpty else {
                throw ConfigurationError(variable: "DUBAN_SMS_GATEWAY_URL", expected: "at least one SMS channel (or the Alibaba Cloud / Tencent Cloud variables)", found: nil)
            }
            let timeout = try host.environment.duration("DUBAN_NOTIFY_SEND_TIMEOUT", default: .seconds(10))
            let signature = host.environment.string("DUBAN_SMS_SIGNATURE", default: "四川省生态环境厅")
            let templates = try TemplateApprovals.apply(host.environment.string(TemplateApprovals.variable, default: ""),
                                                      to: SMSTemplateCatalogue.defaults(signature: signature))
            for problem in templates.lengthProblems() {
                if problem.fatal { throw ConfigurationError(variable: "DUBAN_SMS_SIGNATURE", expected: "templates within 500 characters", found: problem.description) }
                host.logger.warning("sms template longer than one message", metadata: ["problem": problem.description])
            }
            host.logger.info("sms channels", metadata: ["order": channels.map(\.description).joined(separator: " → ")])
            let handler = NotificationRequestHandler()
            let consumer = try ConsumerLoop(
                name: "notify", schema: NotifySchema.name, groupID: "duban-notify", topics: [BusTopics.notifications],
                kafka: host.kafka, database: host.database, offsetsDatabase: try await host.connectDatabase(), logger: host.logger
            ) { db, record, envelope in
                try await handler.handle(db, record, envelope)
            }
            let retries = NotificationSender.RetryPolicy(
                maxAttempts: try host.environment.int("DUBAN_NOTIFY_MAX_ATTEMPTS", default: 8, in: 1...100),
                base: try host.environment.duration("DUBAN_NOTIFY_RETRY_BASE", default: .milliseconds(500)))
            let deliveryChannels = configuration.deliveryChannels
            host.logger.info("channels", metadata: ["configured": deliveryChannels.map(\.provider.rawValue).joined(separator: ", "),
                                                    "preferences": "\(configuration.channelPreferences)"])
            let transport = ChannelTransport(timeout: timeout)
            let wechatTokens = configuration.wechat.map {
                WeChatTokenSource(account: WeChatOfficialAccount(configuration: $0), transport: transport, logger: host.logger)
            }
            let senderDatabase = try await host.connectDatabase()
            let sender = NotificationSender(database: senderDatabase, channels: deliveryChannels, preferences: configuration.channelPreferences,
                                            quietWindows: configuration.quietWindows,
                                            limits: PersistentRateLimits(database: senderDatabase, rules: configuration.rateLimits),
                                            transport: transport, wechatTokens: wechatTokens, templates: templates, retries: retries,
                                            logger: host.logger)
            let receipts = ReceiptEndpoints(database: try await host.connectDatabase(), logger: host.logger,
                                            wechatServerToken: configuration.wechat?.serverToken)
            let reconciliationText = host.environment.string("DUBAN_NOTIFY_RECONCILIATION", default: "10m,1h,24h,72h")
            guard let schedule = Reconciler.schedule(parsing: reconciliationText) else {
                throw ConfigurationError(variable: "DUBAN_NOTIFY_RECONCILIATION", expected: "comma-separated positive durations such as 10m,1h,24h,72h", found: reconciliationText)
            }
            let reconciler = Reconciler(database: try await host.connectDatabase(), channels: deliveryChannels, schedule: schedule,
                                        transport: ChannelTransport(timeout: timeout), receipts: receipts, logger: host.logger)
            let relay = OutboxRelay(schema: NotifySchema.name, database: try await host.connectDatabase(), producer: host.producer, logger: host.logger)
            await host.run([relay, consumer, sender, reconciler], opsServer: try host.opsServer(routes: { receipts.install(into: &$0) }))
        } catch {
            Logger(label: "duban.notify").critical("cannot start", metadata: ["error": "\(error)"])
            exit(1)
        }
    }
}
