public import Foundation
import Domain

/// One HTTP request to a provider, exactly as it must go on the wire: method, URL (with query in
/// order), headers, body bytes. Built by the adapters; the sender only transmits it.
///
/// Query items and headers that carry a secret (access token, robot key, signature, the
/// Authorization header) are marked, so that `description` (for logs) and `evidence` (stored with
/// the attempt) show them as `‹redacted›` while `url` and `headers` keep the real values.
public struct ChannelRequest: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public struct QueryItem: Sendable, Equatable {
        public var name: String
        public var value: String
        public var isSecret: Bool
        /// A phone number: masked (`138****8000`) in `description`, kept in `evidence`.
        public var isPhoneNumber: Bool

        public init(_ name: String, _ value: String, isSecret: Bool = false, isPhoneNumber: Bool = false) {
            self.name = name
            self.value = value
            self.isSecret = isSecret
            self.isPhoneNumber = isPhoneNumber
        }
    }

    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
        public var isSecret: Bool

        public init(_ name: String, _ value: String, isSecret: Bool = false) {
            self.name = name
            self.value = value
            self.isSecret = isSecret
        }
    }

    public var method: String
    public var endpoint: ChannelEndpoint
    public var path: String
    public var query: [QueryItem]
    public var headers: [Header]
    public var body: [UInt8]
    /// Secret strings that appear in the body (an AppSecret in a token request): shown redacted
    /// in `evidence`.
    var bodySecrets: [String] = []

    public init(method: String, endpoint: ChannelEndpoint, path: String = "/", query: [QueryItem] = [], headers: [Header] = [], body: [UInt8] = []) {
        self.method = method
        self.endpoint = endpoint
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The query string as sent: RFC 3986 encoded, in the items' order.
    public var queryString: String {
        query.map { "\(PercentEncoding.encode($0.name))=\(PercentEncoding.encode($0.value))" }.joined(separator: "&")
    }

    public var urlString: String {
        let base = "\(endpoint)\(path)"
        return query.isEmpty ? base : "\(base)?\(queryString)"
    }

    public var url: URL {
        guard let url = URL(string: urlString) else {
            preconditionFailure("adapters build only encodable URLs (host \(endpoint.host))")
        }
        return url
    }

    /// The value of the first header with this name (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The value of the first query item with this name.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// The URL with secret values replaced by `‹redacted›` (what evidence stores).
    public var redactedURLString: String { urlString(masking: false) }

    private func urlString(masking phones: Bool) -> String {
        let base = "\(endpoint)\(path)"
        guard !query.isEmpty else { return base }
        let items = query.map { item in
            let value = item.isSecret ? "‹redacted›" : phones && item.isPhoneNumber ? DeliveryRecord.mask(phone: item.value) : PercentEncoding.encode(item.value)
            return "\(PercentEncoding.encode(item.name))=\(value)"
        }
        return "\(base)?\(items.joined(separator: "&"))"
    }

    /// For logs: method, URL with secrets redacted and phone numbers masked, and the body size
    /// (bodies hold phone numbers).
    public var description: String { "\(method) \(urlString(masking: true)) (\(body.count) bytes)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["request": description], displayStyle: .struct) }

    /// What the attempt keeps as evidence: the request line, headers and body exactly as sent,
    /// except the values of secret items, which read `‹redacted›`.
    public var evidence: String {
        var lines = ["\(method) \(redactedURLString)"]
        for header in headers { lines.append("\(header.name): \(header.isSecret ? "‹redacted›" : header.value)") }
        lines.append("")
        var text = String(decoding: body, as: UTF8.self)
        for secret in bodySecrets where !secret.isEmpty { text = text.replacingOccurrences(of: secret, with: "‹redacted›") }
        lines.append(text)
        return lines.joined(separator: "\n")
    }
}
