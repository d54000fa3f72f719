import Bus
import Domain
import Foundation
import Pipeline
import Registry
import Runtime

/// Dispatch: runs supervision orders (督办单) from the judgments.
@main
struct DispatchMain {
    static func main() async {
        do {
            let host = try await ServiceHost.start(name: "dispatch", defaultOpsPort: 9104,
                                                   migrators: [RegistrySchema.migrator, DispatchSchema.migrator])
            let handler = ExceedanceHandler(registry: RegistryReader(database: try await host.connectDatabase()), logger: host.logger)
            let consumer = try ConsumerLoop(
                name: "dispatch", schema: DispatchSchema.name, groupID: "duban-dispatch", topics: [BusTopics.judgments],
                kafka: host.kafka, database: host.database, offsetsDatabase: try await host.connectDatabase(), logger: host.logger
            ) { db, record, envelope in
                try await handler.handle(db, record, envelope)
            }
            let relay = OutboxRelay(schema: DispatchSchema.name, database: try await host.connectDatabase(), producer: host.producer, logger: host.logger)
            await host.run([relay, consumer], opsServer: try host.opsServer())
        } catch {
            Logger(label: "duban.dispatch").critical("cannot start", metadata: ["error": "\(error)"])
            exit(1)
        }
    }
}
