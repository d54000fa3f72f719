import Bus
import Domain
import Foundation
import Pipeline
import Registry
import Runtime

/// Judgment: stores measurements, marks and site information and turns them into versioned facts:
/// exceedances, abnormal operation, suspicions, total quantity; and the stored means and data quality.
@main
struct JudgmentMain {
    static func main() async {
        do {
            let configuration = try JudgmentConfiguration.load(Runtime.Environment())
            let host = try await ServiceHost.start(name: "judgment", defaultOpsPort: 9103,
                                                   migrators: [RegistrySchema.migrator, JudgmentSchema.migrator])
            try await JudgmentStore.createPartitionsAhead(in: host.database)
            let registry = RegistryReader(database: try await host.connectDatabase())
            let recomputer = PointRecomputer(registry: registry, ruleBook: configuration.ruleBook, codeRules: CodeRulesCache(registry: registry),
                                             logger: host.logger)
            let measurements = MeasurementHandler(recomputer: recomputer, logger: host.logger)
            let marks = MarkHandler(recomputer: recomputer, registry: registry, logger: host.logger)
            let params = ParamsHandler(recomputer: recomputer, logger: host.logger)
            host.logger.info("judgment rules loaded", metadata: ["file": configuration.rulesPath])
            let consumer = try ConsumerLoop(
                name: "judgment", schema: JudgmentSchema.name, groupID: "duban-judgment", topics: [BusTopics.measurements, BusTopics.marks, BusTopics.params],
                kafka: host.kafka, database: host.database, offsetsDatabase: try await host.connectDatabase(), logger: host.logger
            ) { db, record, envelope in
                if record.topic == BusTopics.marks {
                    try await marks.handle(db, record, type: envelope.type)
                } else if record.topic == BusTopics.params {
                    try await params.handle(db, record, type: envelope.type)
                } else {
                    try await measurements.handle(db, record)
                }
            }
            let relay = OutboxRelay(schema: JudgmentSchema.name, database: try await host.connectDatabase(), producer: host.producer, logger: host.logger)
            await host.run([relay, consumer], opsServer: try host.opsServer())
        } catch {
            Logger(label: "duban.judgment").critical("cannot start", metadata: ["error": "\(error)"])
            exit(1)
        }
    }
}
