import Bus
import Foundation
import Runtime
import Testing

/// The `duban-broker` executable, built next to this test bundle by `swift build` / `swift test`.
private let brokerBinary: URL? = {
    let bundleDirectory = Bundle.main.bundleURL.deletingLastPathComponent()
    let candidates = [bundleDirectory, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        .map { $0.appendingPathComponent("duban-broker") }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}()

/// Runs the real broker as a separate process and talks to it over TCP, as services do.
@Suite(.timeLimit(.minutes(2)), .enabled(if: brokerBinary != nil, "duban-broker is not built next to the tests"))
struct BrokerProcessTests {
    private func launch(_ environment: [String: String]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = brokerBinary
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        return (process, output, errors)
    }

    private func firstLine(of pipe: Pipe) -> String {
        var bytes: [UInt8] = []
        while true {
            let chunk = pipe.fileHandleForReading.readData(ofLength: 1)
            guard let byte = chunk.first, byte != 0x0A else { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func servesOtherProcessesAndStopsCleanlyOnSIGTERM() async throws {
        let bootstrapFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("duban-broker-\(UUID().uuidString).bootstrap")
        let (process, output, errors) = try launch([
            "DUBAN_BROKER_PARTITIONS": "2", "DUBAN_BROKER_TOPICS": "test.extra:3,duban.orders:5",
            "DUBAN_BROKER_BOOTSTRAP_FILE": bootstrapFile.path,
        ])
        let line = firstLine(of: output)
        #expect(line.hasPrefix("bootstrap=127.0.0.1:"))
        let bootstrap = String(line.dropFirst("bootstrap=".count))
        #expect(bootstrap.split(separator: ",").count == 3)
        #expect(try String(contentsOf: bootstrapFile, encoding: .utf8) == line + "\n")

        let configuration = KafkaConfiguration(
            bootstrapServers: bootstrap, clientID: "duban-broker-test", sessionTimeout: .seconds(3))
        let producer = try Producer(configuration: configuration, logger: TestCluster.logger)
        #expect(try await producer.partitionCount(topic: BusTopics.frames, timeout: .seconds(5)) == 2)
        #expect(try await producer.partitionCount(topic: BusTopics.orders, timeout: .seconds(5)) == 5)
        #expect(try await producer.partitionCount(topic: "test.extra", timeout: .seconds(5)) == 3)
        var sent: [DeliveryReport] = []
        for index in 0..<10 {
            sent.append(
                try await producer.send(OutgoingRecord(topic: BusTopics.frames, key: "MN\(index % 3)", value: [UInt8(index)])))
        }
        await producer.close()

        let consumer = try Consumer(
            configuration: configuration, groupID: "broker-test", topics: [BusTopics.frames], logger: TestCluster.logger
        ) { _, _ in nil }
        var received: [ConsumedRecord] = []
        for _ in 0..<10 { received.append(try #require(try await consumer.next())) }
        await consumer.close()
        #expect(Set(received.map { "\($0.partition)/\($0.offset)" }) == Set(sent.map { "\($0.partition)/\($0.offset)" }))

        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: bootstrapFile.path))
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("IN MEMORY only"))
    }

    @Test func refusesAMalformedTopicListNamingTheVariable() throws {
        let (process, _, errors) = try launch(["DUBAN_BROKER_TOPICS": "bad topic:2"])
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("DUBAN_BROKER_TOPICS"))
    }
}
