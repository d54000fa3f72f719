public import Domain
import Foundation

/// Duban's generic JSON webhook for SMS (spoken by `duban-fake-gateway` and simple in-house
/// gateways): POST `{outId, phone, signature, text, parts, templateKind}` → `{"code":"OK","bizId":…}`;
/// GET `<status URL>?outId=…` → `{"found":true,"bizId":…}` or `{"found":false}`, so a send whose
/// answer was lost is looked up before any resend. The text is sent whole (no provider template).
public struct GenericWebhookSMS: Sendable, CustomStringConvertible {
    public struct Configuration: Sendable, CustomStringConvertible {
        public var endpoint: ChannelEndpoint
        public var sendPath: String
        public var statusPath: String

        /// From the send URL (`http://127.0.0.1:8085/sms`); the status URL is its sibling `status`.
        public init?(sendURL: String) {
            guard let components = URLComponents(string: sendURL), let scheme = components.scheme, let host = components.host,
                  components.query == nil,
                  let endpoint = ChannelEndpoint(scheme: scheme.lowercased(), host: host, port: components.port).validated
            else { return nil }
            self.endpoint = endpoint
            sendPath = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
            let parent = sendPath.split(separator: "/").dropLast().joined(separator: "/")
            statusPath = parent.isEmpty ? "/status" : "/\(parent)/status"
        }

        public var description: String { "GenericWebhookSMS(\(endpoint)\(sendPath))" }
    }

    public let configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    public var description: String { configuration.description }

    private struct Message: Encodable {
        let outId: String
        let phone: String
        let signature: String
        let text: String
        let parts: Int
        let templateKind: String
    }

    public func sendRequest(to phone: String, template: SMSTemplate, message: SMSTemplate.RenderedMessage, outId: String) throws(ChannelError) -> ChannelRequest {
        if let problem = Contact.phoneProblem(phone) {
            throw ChannelError(.invalidRequest, .genericWebhook, "recipient \(DeliveryRecord.mask(phone: phone)): \(problem)")
        }
        guard !outId.isEmpty else { throw ChannelError(.invalidRequest, .genericWebhook, "outId is empty") }
        let body = JSONBody.encode(Message(outId: outId, phone: phone, signature: template.signature, text: message.text,
                                           parts: message.parts, templateKind: template.kind))
        return ChannelRequest(method: "POST", endpoint: configuration.endpoint, path: configuration.sendPath,
                              headers: [.init("Content-Type", "application/json; charset=utf-8")], body: body)
    }

    public func statusRequest(outId: String) -> ChannelRequest {
        ChannelRequest(method: "GET", endpoint: configuration.endpoint, path: configuration.statusPath, query: [.init("outId", outId)])
    }

    private struct Answer: Decodable {
        let code: String?
        let bizId: String?
        let message: String?
    }

    /// 200 with `code` OK is success; 429 rate-limited; 5xx transient and possibly sent; other
    /// refusals permanent.
    public static func classify(_ response: ChannelResponse) -> SendOutcome {
        let answer = JSONBody.decode(Answer.self, from: response.body)
        if response.statusCode == 200, let answer, answer.code == "OK" {
            guard let bizId = answer.bizId, !bizId.isEmpty else {
                return SendOutcome(classification: .transient, providerCode: "OK", message: "OK without bizId", mayHaveBeenSent: true)
            }
            return SendOutcome(classification: .success, providerCode: "OK", message: "", providerMessageId: bizId)
        }
        var outcome = SendOutcome.fromHTTPStatus(response)
        if let code = answer?.code, !code.isEmpty {
            outcome.providerCode = code
            outcome.message = answer?.message ?? outcome.message
        }
        return outcome
    }

    private struct StatusAnswer: Decodable {
        let found: Bool?
        let bizId: String?
    }

    /// Whether the gateway has the send: `.reports` with one `submitted` report, none, or the refusal.
    public static func parseStatus(_ response: ChannelResponse, outId: String) throws(ChannelError) -> StatusQueryResult {
        guard response.statusCode == 200 else { return .failed(.fromHTTPStatus(response)) }
        guard let answer = JSONBody.decode(StatusAnswer.self, from: response.body), let found = answer.found else {
            throw ChannelError(.malformedResponse, .genericWebhook, "status answer has no boolean found")
        }
        guard found else { return .reports([], total: 0) }
        return .reports([DeliveryReceipt(provider: .genericWebhook, source: .statusQuery, providerMessageId: answer.bizId, outId: outId,
                                         recipient: "", status: .submitted, providerCode: "found", detail: "", reportedAt: nil)], total: 1)
    }

    /// The gateway answers by key, so absence means it never accepted the send.
    public static let notFoundMeansNotSent = true
}
