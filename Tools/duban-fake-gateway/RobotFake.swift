import Foundation
import Runtime
import Web

/// The WeCom group robot (`POST /cgi-bin/webhook/send?key=`) and the DingTalk custom robot
/// (`POST /robot/send?access_token=&timestamp=&sign=`). The DingTalk signature IS checked, as
/// DingTalk does: `sign` must be Base64(HMAC-SHA256(secret, "timestamp\nsecret")) for a timestamp
/// within an hour of now (310000 "sign not match" otherwise). The MAC is computed by `openssl`,
/// outside Duban's own code, so the check is independent of the adapter it tests.
/// Robots have no idempotency key: every request is a new message in the group.
struct RobotFake: Sendable {
    let state: Locked<GatewayState>
    let stall: Duration
    let wecomKey: String?
    let dingtalkToken: String?
    let dingtalkSecret: String?

    func wecom(_ request: HTTPRequest) async -> HTTPResponse {
        guard let key = request.query["key"], wecomKey == nil || key == wecomKey else {
            return .json(#"{"errcode":93000,"errmsg":"invalid webhook url"}"#)
        }
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
        guard body["msgtype"] as? String == "text", let text = body["text"] as? [String: Any], let content = text["content"] as? String else {
            return .json(#"{"errcode":40008,"errmsg":"invalid message type"}"#)
        }
        let mentions = text["mentioned_mobile_list"] as? [String] ?? []
        return await deliver(provider: "wecom_robot", text: content, mentions: mentions, extra: [:],
                             rateLimited: #"{"errcode":45009,"errmsg":"api freq out of limit (injected)"}"#)
    }

    func dingtalk(_ request: HTTPRequest) async -> HTTPResponse {
        guard let token = request.query["access_token"], dingtalkToken == nil || token == dingtalkToken else {
            return .json(#"{"errcode":300001,"errmsg":"token is not exist"}"#)
        }
        var checked = false
        if let secret = dingtalkSecret {
            guard let timestamp = request.query["timestamp"], let sign = request.query["sign"], let milliseconds = Double(timestamp),
                  abs(Date().timeIntervalSince1970 - milliseconds / 1000) < 3600 else {
                return .json(#"{"errcode":310000,"errmsg":"sign not match: timestamp missing or more than an hour off"}"#)
            }
            guard let expected = Self.openSSLSignature(timestamp: timestamp, secret: secret) else {
                return .json(#"{"errcode":-1,"errmsg":"fake gateway cannot run openssl to check the signature"}"#, status: 500)
            }
            guard sign == expected else { return .json(#"{"errcode":310000,"errmsg":"sign not match"}"#) }
            checked = true
        }
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
        guard body["msgtype"] as? String == "text", let text = body["text"] as? [String: Any], let content = text["content"] as? String else {
            return .json(#"{"errcode":400105,"errmsg":"不支持的消息类型"}"#)
        }
        let mentions = (body["at"] as? [String: Any])?["atMobiles"] as? [String] ?? []
        return await deliver(provider: "dingtalk_robot", text: content, mentions: mentions, extra: ["signatureChecked": checked],
                             rateLimited: #"{"errcode":130101,"errmsg":"send too fast (injected)"}"#)
    }

    private func deliver(provider: String, text: String, mentions: [String], extra: [String: Any], rateLimited: String) async -> HTTPResponse {
        var fields: [String: Any] = ["provider": provider, "text": text, "mentions": mentions]
        fields.merge(extra) { _, given in given }
        let outcome = state.withLock { $0.admit(outId: "\(provider)-\(UUID().uuidString)", record: AlibabaCloudFake.json(fields)) }
        switch outcome.injected {
        case .failure: return .json(#"{"errcode":-1,"errmsg":"系统繁忙 (injected)"}"#, status: 503)
        case .rateLimit: return .json(rateLimited)
        case .stall: try? await Task.sleep(for: stall)
        case nil: break
        }
        Console.line("[fake-\(provider)] @\(mentions.joined(separator: ",")): \(text)")
        return .json(#"{"errcode":0,"errmsg":"ok"}"#)
    }

    /// Base64(HMAC-SHA256(secret, "timestamp\nsecret")) by `openssl dgst`, or nil when it cannot run.
    static func openSSLSignature(timestamp: String, secret: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "dgst", "-sha256", "-hmac", secret, "-binary"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        input.fileHandleForWriting.write(Data("\(timestamp)\n\(secret)".utf8))
        try? input.fileHandleForWriting.close()
        let mac = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, mac.count == 32 else { return nil }
        return mac.base64EncodedString()
    }
}
