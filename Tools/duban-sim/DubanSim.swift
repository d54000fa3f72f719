import Foundation
import HJ212
import Net
import Runtime
import Simulation

/// duban-sim: a data acquisition device simulator.
///
///   duban-sim thin-path [--host H] [--port P] [--mn MN] [--pw PW] [--so2 V] [--bad-crc] [--repeat N]
///     sends one hourly frame (CN=2061, Flag=5) for the last full hour and prints the reply.
///   duban-sim scenario marks [--port P] [--hours-ago N | --end INSTANT]
///     sends the marking proof scenario (`MarkScenario`) and prints each frame it sent.
@main
struct DubanSim {
    static let usage = """
        usage: duban-sim thin-path [--host 127.0.0.1] [--port 9212] [--mn 88888880000001] [--pw 123456] [--so2 450] [--repeat 1]
                                   [--version 2005|2017|2025] [--misbehave lowercase-crc|lf-only|no-terminator|modbus-crc|length-mismatch|bad-crc] [--bad-crc]
               duban-sim load [--host 127.0.0.1] [--port 9212] [--devices 1000] [--seconds 20] [--threads 2] [--mn-prefix LOAD] [--idle]
               duban-sim scenario marks [--host 127.0.0.1] [--port 9212] [--hours-ago 0 | --end 2026-03-10T04:00:00Z]
        """

    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard let verb = arguments.first, verb == "thin-path" || verb == "load" || verb == "scenario" else {
            FileHandle.standardError.write(Data((usage + "\n").utf8))
            exit(2)
        }
        arguments.removeFirst()
        if verb == "scenario" {
            guard arguments.first == "marks" else {
                FileHandle.standardError.write(Data("duban-sim: the only scenario is marks\n\(usage)\n".utf8))
                exit(2)
            }
            arguments.removeFirst()
        }
        var options: [String: String] = [:]
        var flags: Set<String> = []
        var index = 0
        while index < arguments.count {
            let name = arguments[index]
            if name == "--bad-crc" || name == "--idle" {
                flags.insert(name)
                index += 1
            } else if name.hasPrefix("--"), index + 1 < arguments.count {
                options[name] = arguments[index + 1]
                index += 2
            } else {
                FileHandle.standardError.write(Data("duban-sim: unexpected argument \(name)\n\(usage)\n".utf8))
                exit(2)
            }
        }
        if verb == "scenario" {
            do {
                try MarkScenarioCommand.run(options: options)
            } catch {
                FileHandle.standardError.write(Data("duban-sim: \(error)\n".utf8))
                exit(1)
            }
            return
        }
        if verb == "load" {
            guard let port = UInt16(options["--port"] ?? "9212"), let devices = Int(options["--devices"] ?? "1000"),
                  let seconds = Int(options["--seconds"] ?? "20"), let threads = Int(options["--threads"] ?? "2"), devices > 0, threads > 0
            else {
                FileHandle.standardError.write(Data("duban-sim: --port, --devices, --seconds and --threads must be positive numbers\n".utf8))
                exit(2)
            }
            var generator = LoadGenerator(host: options["--host"] ?? "127.0.0.1", port: port, devices: devices, seconds: seconds,
                                          threads: threads, mnPrefix: options["--mn-prefix"] ?? "LOAD")
            generator.idle = flags.contains("--idle")
            let cpuBefore = LoadGenerator.cpuMicros()
            let result = generator.run()
            let cpu = LoadGenerator.cpuMicros() - cpuBefore
            let latencies = result.latenciesMicros.sorted()
            func percentile(_ p: Double) -> Double {
                latencies.isEmpty ? 0 : Double(latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]) / 1000
            }
            Console.line(String(format: "devices %d, %d s: %d frames acknowledged, %.0f frames/s, ack latency p50 %.2f ms, p99 %.2f ms, failures %d",
                                devices, seconds, result.acknowledged, Double(result.acknowledged) / Double(seconds),
                                percentile(0.5), percentile(0.99), result.failures))
            Console.line("simulator CPU \(cpu) µs")
            return
        }
        guard let port = UInt16(options["--port"] ?? "9212"), let so2 = Double(options["--so2"] ?? "450"),
              let repeats = Int(options["--repeat"] ?? "1"), repeats >= 1 else {
            FileHandle.standardError.write(Data("duban-sim: --port, --so2 and --repeat must be numbers\n".utf8))
            exit(2)
        }
        do {
            let versions: [String: ProtocolVersion] = ["2005": .v2005, "2017": .v2017, "2025": .v2025]
            guard let version = versions[options["--version"] ?? "2017"] else {
                FileHandle.standardError.write(Data("duban-sim: --version must be 2005, 2017 or 2025\n".utf8))
                exit(2)
            }
            var frame = try DeviceFrames.hourly(
                mn: options["--mn"] ?? "88888880000001", password: options["--pw"] ?? "123456",
                hourStart: DeviceFrames.lastFullHour(), readings: DeviceFrames.thinPathReadings(so2: so2), version: version)
            if flags.contains("--bad-crc") { frame = DeviceFrames.corruptingCRC(frame) }
            if let name = options["--misbehave"] {
                guard let misbehaviour = DeviceFrames.Misbehaviour(rawValue: name) else {
                    let known = DeviceFrames.Misbehaviour.allCases.map(\.rawValue).joined(separator: ", ")
                    FileHandle.standardError.write(Data("duban-sim: --misbehave must be one of \(known)\n".utf8))
                    exit(2)
                }
                frame = DeviceFrames.misbehaving(frame, misbehaviour)
            }
            let client = try DeviceClient(host: options["--host"] ?? "127.0.0.1", port: port)
            for _ in 0..<repeats {
                Console.line("device → platform: \(String(decoding: frame, as: UTF8.self).trimmingCharacters(in: .newlines))")
                try client.send(frame)
                if let reply = client.readReply(timeout: .seconds(10)) {
                    Console.line("platform → device: \(String(decoding: reply, as: UTF8.self).trimmingCharacters(in: .newlines))")
                } else {
                    Console.line("platform → device: (no reply within 10 s)")
                }
            }
        } catch {
            FileHandle.standardError.write(Data("duban-sim: \(error)\n".utf8))
            exit(1)
        }
    }
}
