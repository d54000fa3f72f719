import Foundation
import HJ212
import Net
import Runtime
import Simulation

/// duban-sim: a data acquisition device simulator.
///
///   duban-sim thin-path [--host H] [--port P] [--mn MN] [--pw PW] [--so2 V] [--bad-crc] [--repeat N]
///     sends one hourly frame (CN=2061, Flag=5) for the last full hour and prints the reply.
@main
struct DubanSim {
    static let usage = "usage: duban-sim thin-path [--host 127.0.0.1] [--port 9212] [--mn 88888880000001] [--pw 123456] [--so2 450] [--bad-crc] [--repeat 1]"

    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard let verb = arguments.first, verb == "thin-path" else {
            FileHandle.standardError.write(Data((usage + "\n").utf8))
            exit(2)
        }
        arguments.removeFirst()
        var options: [String: String] = [:]
        var flags: Set<String> = []
        var index = 0
        while index < arguments.count {
            let name = arguments[index]
            if name == "--bad-crc" {
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
        guard let port = UInt16(options["--port"] ?? "9212"), let so2 = Double(options["--so2"] ?? "450"),
              let repeats = Int(options["--repeat"] ?? "1"), repeats >= 1 else {
            FileHandle.standardError.write(Data("duban-sim: --port, --so2 and --repeat must be numbers\n".utf8))
            exit(2)
        }
        do {
            var frame = try DeviceFrames.hourly(
                mn: options["--mn"] ?? "88888880000001", password: options["--pw"] ?? "123456",
                hourStart: DeviceFrames.lastFullHour(), readings: DeviceFrames.thinPathReadings(so2: so2))
            if flags.contains("--bad-crc") { frame = DeviceFrames.corruptingCRC(frame) }
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
