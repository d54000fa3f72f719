import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Duban's generic JSON webhook for SMS (the fake gateway speaks it; issue 8 adds the Alibaba
/// Cloud, Tencent Cloud and WeChat adapters). POST `{outId, phone, signature, text, parts,
/// templateKind}` → `{"code":"OK","bizId":…}`; GET `<status URL>?outId=` → `{"found":…}` so a
/// send whose answer was lost is looked up before any resend.
struct WebhookSMSGateway: Sendable {
    let sendURL: URL
    let statusURL: URL
    let timeout: TimeInterval

    enum Outcome: Sendable {
        case accepted(bizId: String, response: String)
        /// The gateway answered with a failure that a later retry may fix (5xx, rate limit).
        case transient(String)
        /// The gateway refused the request itself (4xx): retrying the same request cannot help.
        case permanent(String)
        /// No answer (timeout, connection lost): the message may or may not have been sent.
        case uncertain(String)
    }

    struct Message: Encodable, Sendable {
        let outId: String
        let phone: String
        let signature: String
        let text: String
        let parts: Int
        let templateKind: String
    }

    init(sendURL: URL, timeout: TimeInterval = 10) {
        self.sendURL = sendURL
        self.statusURL = sendURL.deletingLastPathComponent().appendingPathComponent("status")
        self.timeout = timeout
    }

    func requestBody(_ message: Message) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(message)
    }

    func send(_ body: Data) async -> Outcome {
        var request = URLRequest(url: sendURL, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            let text = String(decoding: data, as: UTF8.self)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            if status == 200, let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
               object["code"] as? String == "OK" {
                return .accepted(bizId: object["bizId"] as? String ?? "", response: text)
            }
            if status == 429 || status >= 500 { return .transient("HTTP \(status): \(text)") }
            return .permanent("HTTP \(status): \(text)")
        } catch {
            return .uncertain("\(error)")
        }
    }

    /// Whether the gateway already has a send with this key (nil when it could not be asked).
    func lookUp(outId: String) async -> (found: Bool, bizId: String?)? {
        var components = URLComponents(url: statusURL, resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "outId", value: outId)]
        do {
            let (data, response) = try await URLSession.shared.data(for: URLRequest(url: components.url!, timeoutInterval: timeout))
            guard (response as? HTTPURLResponse)?.statusCode == 200,
                  let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let found = object["found"] as? Bool else { return nil }
            return (found, object["bizId"] as? String)
        } catch {
            return nil
        }
    }
}
