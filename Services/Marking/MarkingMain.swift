import Bus
import Domain
import Foundation
import Pipeline
import Registry
import Runtime

/// Marking: enterprise marks (commands on `duban.commands`), validated, versioned and published
/// on `duban.marks`, and reconciled with the operating parameters on `duban.params` and
/// `duban.measurements` and with Judgment's exceedances on `duban.judgments` (verdicts on
/// `duban.marks`). See docs/marking.md.
@main
struct MarkingMain {
    static func main() async {
        do {
            let host = try await ServiceHost.start(name: "marking", defaultOpsPort: 9102,
                                                   migrators: [RegistrySchema.migrator, MarkingSchema.migrator])
            let configuration = try MarkingConfiguration.load(host.environment)
            host.logger.info("mark checks loaded", metadata: ["version": "\(configuration.checks.version)", "path": "\(configuration.path)",
                                                              "rules": "\(configuration.checks.rules.count)"])
            let ledger = MarkLedger(registry: RegistryReader(database: try await host.connectDatabase()), configuration: configuration,
                                    logger: host.logger)
            let commands = MarkCommandHandler(ledger: ledger, logger: host.logger)
            let parameters = ParameterHandler(ledger: ledger, logger: host.logger)
            let consumer = try ConsumerLoop(
                name: "marking", schema: MarkingSchema.name, groupID: "duban-marking",
                topics: [BusTopics.commands, BusTopics.params, BusTopics.measurements, BusTopics.judgments],
                kafka: host.kafka, database: host.database, offsetsDatabase: try await host.connectDatabase(), logger: host.logger
            ) { db, record, envelope in
                switch envelope.type {
                case MarkCommandMessage.eventType: try await commands.handle(db, record, envelope)
                case EventType.params: try await parameters.handleParams(db, record, envelope)
                case EventType.measurement: try await parameters.handleMeasurement(db, record, envelope)
                case EventType.exceedance: try await parameters.handleExceedance(db, record, envelope)
                case EventType.abnormalOperation: try await parameters.handleAbnormal(db, record, envelope)
                default: break
                }
            }
            let sweep = MissedMarkSweep(ledger: ledger, database: try await host.connectDatabase(), interval: configuration.sweepInterval,
                                        logger: host.logger)
            let relay = OutboxRelay(schema: MarkingSchema.name, database: try await host.connectDatabase(), producer: host.producer, logger: host.logger)
            await host.run([relay, consumer, sweep], opsServer: try host.opsServer())
        } catch {
            Logger(label: "duban.marking").critical("cannot start", metadata: ["error": "\(error)"])
            exit(1)
        }
    }
}
