import Foundation
import Runtime
import Web

/// A stand-in SMS gateway for local runs and tests: a tiny HTTP receiver that speaks Duban's
/// generic JSON webhook, prints each message, records every request (duplicates included, so a
/// test can prove Notify sent exactly once) and answers status queries by the sender's key.
///
/// POST /sms      {"outId","phone","signature","text","parts",...} → {"code":"OK","bizId":"…"}
/// GET  /status?outId=… → {"found":true,"bizId":"…"} | {"found":false}
/// GET  /received → JSON array of every request body received, in order.
/// Env: DUBAN_FAKE_GATEWAY_PORT (default 0: any free port), DUBAN_FAKE_GATEWAY_LOG (JSON lines
/// file), DUBAN_FAKE_GATEWAY_PORT_FILE (written with the bound port), DUBAN_FAKE_GATEWAY_FAIL_FIRST
/// (answer the first N sends with 503, to exercise retries).
@main
struct FakeGateway {
    static func main() async throws {
        let logger = Logger(label: "duban.fake-gateway")
        let environment = Environment()
        let port = try environment.port("DUBAN_FAKE_GATEWAY_PORT", default: 0)
        let logPath = environment.optionalString("DUBAN_FAKE_GATEWAY_LOG")
        let failFirst = try environment.int("DUBAN_FAKE_GATEWAY_FAIL_FIRST", default: 0, in: 0...1000)
        let state = Locked(GatewayState(failuresLeft: failFirst))

        var router = Router()
        router.add("POST", "/sms") { request in
            guard let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
                  let outId = object["outId"] as? String, let text = object["text"] as? String
            else {
                return .json("{\"code\":\"isv.INVALID_PARAMETERS\",\"message\":\"outId and text are required\"}", status: 400)
            }
            let outcome = state.withLock { state -> (failed: Bool, bizId: String) in
                state.received.append(request.bodyText)
                if state.failuresLeft > 0 {
                    state.failuresLeft -= 1
                    return (true, "")
                }
                if let existing = state.bizIds[outId] { return (false, existing) }
                state.sequence += 1
                let bizId = "fake-\(state.sequence)"
                state.bizIds[outId] = bizId
                return (false, bizId)
            }
            if outcome.failed {
                return .json("{\"code\":\"isp.SYSTEM_ERROR\",\"message\":\"injected transient failure\"}", status: 503)
            }
            let phone = object["phone"] as? String ?? "-"
            Console.line("[fake-sms] to \(phone) (\(object["parts"] ?? "?") part(s)) outId=\(outId): \(text)")
            if let logPath { append(line: request.bodyText, to: logPath) }
            return .json("{\"code\":\"OK\",\"bizId\":\"\(outcome.bizId)\"}")
        }
        router.add("GET", "/status") { request in
            let outId = request.query["outId"] ?? ""
            if let bizId = state.value.bizIds[outId] { return .json("{\"found\":true,\"bizId\":\"\(bizId)\"}") }
            return .json("{\"found\":false}")
        }
        router.add("GET", "/received") { _ in
            .json("[" + state.value.received.joined(separator: ",") + "]")
        }
        OpsRoutes.install(into: &router, checks: [])

        let server = try HTTPServer(configuration: .init(host: "127.0.0.1", port: port), router: router, logger: logger)
        if let portFile = environment.optionalString("DUBAN_FAKE_GATEWAY_PORT_FILE") {
            try "\(server.port)\n".write(toFile: portFile, atomically: true, encoding: .utf8)
        }
        Console.line("fake SMS gateway listening on http://127.0.0.1:\(server.port)")
        try await ServiceGroup(services: [HTTPServerService(server: server)], logger: logger).run()
    }

    static func append(line: String, to path: String) {
        guard let handle = FileHandle(forWritingAtPath: path) ?? {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }() else { return }
        handle.seekToEndOfFile()
        handle.write(Data((line + "\n").utf8))
        try? handle.close()
    }
}

struct GatewayState: Sendable {
    var failuresLeft: Int
    var received: [String] = []
    var bizIds: [String: String] = [:]
    var sequence = 0
}
