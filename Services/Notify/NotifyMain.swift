import Bus
import Domain
import Foundation
import Pipeline
import Runtime

/// Notify: turns notification requests into SMS through the configured gateway.
///
/// `DUBAN_SMS_GATEWAY_URL` (required: the generic JSON webhook's send URL),
/// `DUBAN_SMS_SIGNATURE` (default 四川省生态环境厅).
@main
struct NotifyMain {
    static func main() async {
        do {
            let host = try await ServiceHost.start(name: "notify", defaultOpsPort: 9105, migrators: [NotifySchema.migrator])
            let gatewayURL = try host.environment.url("DUBAN_SMS_GATEWAY_URL")
            let signature = host.environment.string("DUBAN_SMS_SIGNATURE", default: "四川省生态环境厅")
            let templates = SMSTemplateCatalogue.defaults(signature: signature)
            for problem in templates.lengthProblems() {
                if problem.fatal { throw ConfigurationError(variable: "DUBAN_SMS_SIGNATURE", expected: "templates within 500 characters", found: problem.description) }
                host.logger.warning("sms template longer than one message", metadata: ["problem": problem.description])
            }
            let handler = NotificationRequestHandler()
            let consumer = try ConsumerLoop(
                name: "notify", schema: NotifySchema.name, groupID: "duban-notify", topics: [BusTopics.notifications],
                kafka: host.kafka, database: host.database, offsetsDatabase: try await host.connectDatabase(), logger: host.logger
            ) { db, record, envelope in
                try await handler.handle(db, record, envelope)
            }
            let sender = SMSSender(database: try await host.connectDatabase(), gateway: WebhookSMSGateway(sendURL: gatewayURL),
                                   templates: templates, logger: host.logger)
            let relay = OutboxRelay(schema: NotifySchema.name, database: try await host.connectDatabase(), producer: host.producer, logger: host.logger)
            await host.run([relay, consumer, sender], opsServer: try host.opsServer())
        } catch {
            Logger(label: "duban.notify").critical("cannot start", metadata: ["error": "\(error)"])
            exit(1)
        }
    }
}
