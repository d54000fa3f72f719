import Bus
import Domain
import Foundation
import Pipeline
import Registry
import Runtime

/// Dispatch: runs supervision orders (督办单) from the judgments and the commands people send,
/// keeps their deadlines, and archives the raw frames and marks for evidence.
@main
struct DispatchMain {
    static func main() async {
        do {
            let host = try await ServiceHost.start(name: "dispatch", defaultOpsPort: 9104,
                                                   migrators: [RegistrySchema.migrator, DispatchSchema.migrator])
            let configuration = try DispatchConfiguration.load(host.environment, logger: host.logger)
            let ledger = OrderLedger(registry: RegistryReader(database: try await host.connectDatabase()), configuration: configuration,
                                     logger: host.logger)
            let exceedances = ExceedanceHandler(ledger: ledger, logger: host.logger)
            let abnormal = AbnormalHandler(ledger: ledger, logger: host.logger)
            let suspicions = SuspicionHandler(ledger: ledger, logger: host.logger)
            let totals = TotalHandler(ledger: ledger, logger: host.logger)
            let commands = CommandHandler(ledger: ledger, logger: host.logger)
            let verdicts = MarkVerdictHandler(ledger: ledger, logger: host.logger)
            let allowances = AllowanceHandler(ledger: ledger, logger: host.logger)
            let consumer = try ConsumerLoop(
                name: "dispatch", schema: DispatchSchema.name, groupID: "duban-dispatch", topics: [BusTopics.judgments, BusTopics.commands],
                kafka: host.kafka, database: host.database, offsetsDatabase: try await host.connectDatabase(), logger: host.logger
            ) { db, record, envelope in
                switch envelope.type {
                case EventType.exceedance: try await exceedances.handle(db, record, envelope)
                case EventType.abnormalOperation: try await abnormal.handle(db, record, envelope)
                case EventType.falsificationSuspicion: try await suspicions.handle(db, record, envelope)
                case EventType.totalQuantity: try await totals.handle(db, record, envelope)
                case OrderCommandMessage.eventType: try await commands.handle(db, record, envelope)
                default: break
                }
            }
            // Raw frames and marks for evidence, and mark verdicts that open orders, in a group of
            // their own so a burst of frames never delays commands. One loop per topic: the inbox
            // is keyed by event, so two loops reading one topic would skip each other's events.
            let frameArchive = FrameArchive()
            let markArchive = MarkArchive()
            let evidence = try ConsumerLoop(
                name: "dispatch-evidence", schema: DispatchSchema.name, groupID: "duban-dispatch-evidence",
                topics: [BusTopics.frames, BusTopics.marks], kafka: host.kafka, database: try await host.connectDatabase(),
                offsetsDatabase: try await host.connectDatabase(), logger: host.logger
            ) { db, record, envelope in
                switch envelope.type {
                case EventType.frame: try await frameArchive.handle(db, record, envelope)
                case EventType.mark: try await markArchive.handle(db, record, envelope)
                case EventType.markVerdict: try await verdicts.handle(db, record, envelope)
                case EventType.markAllowance: try await allowances.handle(db, record, envelope)
                default: break
                }
            }
            // Deliveries reported by Notify, recorded on their orders (送达); a group of their own
            // so a backlog of receipts never delays commands.
            let deliveryHandler = DeliveryHandler(ledger: ledger, logger: host.logger)
            let deliveries = try ConsumerLoop(
                name: "dispatch-deliveries", schema: DispatchSchema.name, groupID: "duban-dispatch-deliveries",
                topics: [BusTopics.deliveries], kafka: host.kafka, database: try await host.connectDatabase(),
                offsetsDatabase: try await host.connectDatabase(), logger: host.logger
            ) { db, record, envelope in
                try await deliveryHandler.handle(db, record, envelope)
            }
            let ticker = DeadlineTicker(ledger: ledger, database: try await host.connectDatabase(), interval: configuration.tickInterval,
                                        logger: host.logger)
            let checkpoints = ChainCheckpoints(signer: ledger.signer, database: try await host.connectDatabase(),
                                               interval: configuration.signInterval, logger: host.logger)
            let relay = OutboxRelay(schema: DispatchSchema.name, database: try await host.connectDatabase(), producer: host.producer, logger: host.logger)
            await host.run([relay, consumer, evidence, deliveries, ticker, checkpoints], opsServer: try host.opsServer())
        } catch {
            Logger(label: "duban.dispatch").critical("cannot start", metadata: ["error": "\(error)"])
            exit(1)
        }
    }
}
