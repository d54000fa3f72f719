import Bus
import Domain
import Foundation
import Pipeline
import Registry
import Runtime

/// Judgment: turns measurements (and, with the marking issue, marks) into exceedance facts.
@main
struct JudgmentMain {
    static func main() async {
        do {
            let host = try await ServiceHost.start(name: "judgment", defaultOpsPort: 9103,
                                                   migrators: [RegistrySchema.migrator, JudgmentSchema.migrator])
            let handler = MeasurementHandler(registry: RegistryReader(database: try await host.connectDatabase()), logger: host.logger)
            let consumer = try ConsumerLoop(
                name: "judgment", schema: JudgmentSchema.name, groupID: "duban-judgment", topics: [BusTopics.measurements],
                kafka: host.kafka, database: host.database, offsetsDatabase: try await host.connectDatabase(), logger: host.logger
            ) { db, record, _ in
                try await handler.handle(db, record)
            }
            let relay = OutboxRelay(schema: JudgmentSchema.name, database: try await host.connectDatabase(), producer: host.producer, logger: host.logger)
            await host.run([relay, consumer], opsServer: try host.opsServer())
        } catch {
            Logger(label: "duban.judgment").critical("cannot start", metadata: ["error": "\(error)"])
            exit(1)
        }
    }
}
