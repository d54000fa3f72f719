import Foundation
import Runtime
import Web

/// A stand-in gateway (SMS, WeChat, robots) for local runs and tests: a tiny HTTP receiver that speaks Duban's
/// generic JSON webhook, prints each message, records every request (duplicates included, so a
/// test can prove Notify sent exactly once) and answers status queries by the sender's key.
///
/// POST /sms      {"outId","phone","signature","text","parts",...} → {"code":"OK","bizId":"…"}
/// GET  /status?outId=… → {"found":true,"bizId":"…"} | {"found":false}
/// GET  /received → JSON array of every request body received, in order.
/// POST /  with `x-acs-action: SendSms | QuerySendDetails` → Alibaba Cloud SMS (AlibabaCloudFake.swift);
///          with `X-TC-Action: SendSms | PullSmsSendStatusByPhoneNumber` → Tencent Cloud SMS (TencentCloudFake.swift).
/// POST /cgi-bin/stable_token, /cgi-bin/message/template/send → WeChat official account (WeChatFake.swift).
/// POST /cgi-bin/webhook/send?key=… → WeCom robot; POST /robot/send?access_token=…&timestamp=…&sign=…
///          → DingTalk robot, signature checked when DUBAN_FAKE_GATEWAY_DINGTALK_SECRET is set (RobotFake.swift).
/// Env: DUBAN_FAKE_GATEWAY_PORT (default 0: any free port), DUBAN_FAKE_GATEWAY_LOG (JSON lines
/// file), DUBAN_FAKE_GATEWAY_PORT_FILE (written with the bound port).
/// Failure injection, each for the first N sends (counted in this order, one kind per send):
/// DUBAN_FAKE_GATEWAY_FAIL_FIRST (refuse with DUBAN_FAKE_GATEWAY_FAIL_STATUS, default 503, nothing
/// accepted), DUBAN_FAKE_GATEWAY_RATE_LIMIT_FIRST (429 `isv.BUSINESS_LIMIT_CONTROL`, nothing
/// accepted), DUBAN_FAKE_GATEWAY_STALL_FIRST (ACCEPT the message, then answer only after
/// DUBAN_FAKE_GATEWAY_STALL, default 5s: the sender times out although the message went out).
@main
struct FakeGateway {
    static func main() async throws {
        let logger = Logger(label: "duban.fake-gateway")
        let environment = Environment()
        let port = try environment.port("DUBAN_FAKE_GATEWAY_PORT", default: 0)
        let logPath = environment.optionalString("DUBAN_FAKE_GATEWAY_LOG")
        let failFirst = try environment.int("DUBAN_FAKE_GATEWAY_FAIL_FIRST", default: 0, in: 0...1000)
        let failStatus = try environment.int("DUBAN_FAKE_GATEWAY_FAIL_STATUS", default: 503, in: 400...599)
        let rateLimitFirst = try environment.int("DUBAN_FAKE_GATEWAY_RATE_LIMIT_FIRST", default: 0, in: 0...1000)
        let stallFirst = try environment.int("DUBAN_FAKE_GATEWAY_STALL_FIRST", default: 0, in: 0...1000)
        let stall = try environment.duration("DUBAN_FAKE_GATEWAY_STALL", default: .seconds(5))
        let state = Locked(GatewayState(failuresLeft: failFirst, rateLimitsLeft: rateLimitFirst, stallsLeft: stallFirst))

        var router = Router()
        router.add("POST", "/sms") { request in
            guard let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
                  let outId = object["outId"] as? String, let text = object["text"] as? String
            else {
                return .json("{\"code\":\"isv.INVALID_PARAMETERS\",\"message\":\"outId and text are required\"}", status: 400)
            }
            let outcome = state.withLock { $0.admit(outId: outId, record: request.bodyText) }
            switch outcome.injected {
            case .failure:
                return .json("{\"code\":\"isp.SYSTEM_ERROR\",\"message\":\"injected failure\"}", status: failStatus)
            case .rateLimit:
                return .json("{\"code\":\"isv.BUSINESS_LIMIT_CONTROL\",\"message\":\"injected rate limit\"}", status: 429)
            case .stall:
                try? await Task.sleep(for: stall)
            case nil:
                break
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
        let alibaba = AlibabaCloudFake(state: state, stall: stall, failStatus: failStatus,
                                       receiptURL: environment.optionalString("DUBAN_FAKE_GATEWAY_ALIBABA_RECEIPT_URL"),
                                       receiptRepeat: try environment.int("DUBAN_FAKE_GATEWAY_RECEIPT_REPEAT", default: 1, in: 1...10))
        let tencent = TencentCloudFake(state: state, stall: stall)
        let wechat = WeChatFake(state: state, appSecret: environment.optionalString("DUBAN_FAKE_GATEWAY_WECHAT_APP_SECRET"), stall: stall,
                                revokeFirst: try environment.int("DUBAN_FAKE_GATEWAY_WECHAT_REVOKE_FIRST", default: 0, in: 0...100))
        router.add("POST", "/cgi-bin/stable_token") { request in wechat.stableToken(request) }
        router.add("POST", "/cgi-bin/message/template/send") { request in await wechat.templateSend(request) }
        let robots = RobotFake(state: state, stall: stall, wecomKey: environment.optionalString("DUBAN_FAKE_GATEWAY_WECOM_KEY"),
                               dingtalkToken: environment.optionalString("DUBAN_FAKE_GATEWAY_DINGTALK_TOKEN"),
                               dingtalkSecret: environment.optionalString("DUBAN_FAKE_GATEWAY_DINGTALK_SECRET"))
        router.add("POST", "/cgi-bin/webhook/send") { request in await robots.wecom(request) }
        router.add("POST", "/robot/send") { request in await robots.dingtalk(request) }
        // Both providers' APIs live at `/` and name the action in a header.
        router.add("POST", "/") { request in
            request.headers["x-tc-action"] != nil ? await tencent.handle(request) : await alibaba.handle(request)
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

enum Injected: Sendable {
    case failure, rateLimit, stall
}

struct GatewayState: Sendable {
    var failuresLeft: Int
    var rateLimitsLeft: Int
    var stallsLeft: Int
    var received: [String] = []
    var bizIds: [String: String] = [:]
    var sequence = 0
    /// Alibaba Cloud sends by OutId (`OutId|phone` for a batch), for QuerySendDetails.
    var alibabaSends: [String: AlibabaCloudFake.Send] = [:]
    /// Tencent Cloud sends by SessionContext, for status pulls.
    var tencentSends: [String: TencentCloudFake.Send] = [:]

    /// Records a send request and decides its fate: an injected failure (nothing accepted), or
    /// acceptance under the key's one bizId (a stall is accepted, then answered late).
    mutating func admit(outId: String, record: String) -> (injected: Injected?, bizId: String) {
        received.append(record)
        if failuresLeft > 0 {
            failuresLeft -= 1
            return (.failure, "")
        }
        if rateLimitsLeft > 0 {
            rateLimitsLeft -= 1
            return (.rateLimit, "")
        }
        var stalled: Injected?
        if stallsLeft > 0 {
            stallsLeft -= 1
            stalled = .stall
        }
        if let existing = bizIds[outId] { return (stalled, existing) }
        sequence += 1
        let bizId = "fake-\(sequence)"
        bizIds[outId] = bizId
        return (stalled, bizId)
    }
}
