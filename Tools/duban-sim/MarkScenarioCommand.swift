import Foundation
import Net
import Runtime
import Simulation

/// `duban-sim scenario marks`: sends issue 6's proof scenario (`MarkScenario`) to Ingest over
/// one TCP connection per plant, waiting for each frame's 9014 answer, and prints what it sent.
enum MarkScenarioCommand {
    static func run(options: [String: String]) throws {
        guard let port = UInt16(options["--port"] ?? "9212") else { throw SimulationError("--port must be a port number") }
        let scenario: MarkScenario
        if let end = options["--end"] {
            guard let instant = ISO8601DateFormatter().date(from: end) else {
                throw SimulationError("--end must be an ISO 8601 instant such as 2026-03-10T04:00:00Z, not \(end)")
            }
            scenario = try MarkScenario(end: instant)
        } else {
            guard let hoursAgo = Int(options["--hours-ago"] ?? "0") else { throw SimulationError("--hours-ago must be a whole number of hours") }
            scenario = try MarkScenario(now: Date(), hoursAgo: hoursAgo)
        }
        let host = options["--host"] ?? "127.0.0.1"
        for line in scenario.overview { Console.line(line) }
        var clients: [String: DeviceClient] = [:]
        for upload in scenario.uploads {
            let client = try clients[upload.plant.mn] ?? DeviceClient(host: host, port: port)
            clients[upload.plant.mn] = client
            try client.send(upload.frame)
            guard acknowledged(by: client) else {
                throw SimulationError("no 9014 answer within 10 s to \(upload.summary)")
            }
            Console.line("已发送并确认 \(upload.summary)")
        }
        Console.line("共发送 \(scenario.uploads.count) 帧，均已确认（9014）")
    }

    /// Reads replies until the data answer (9014); the platform may send a time setting first.
    private static func acknowledged(by client: DeviceClient) -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            guard let reply = client.readReply(timeout: deadline - ContinuousClock.now) else { return false }
            if String(decoding: reply, as: UTF8.self).contains("CN=9014") { return true }
        }
        return false
    }
}
