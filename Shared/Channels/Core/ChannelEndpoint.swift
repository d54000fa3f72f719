import Foundation

/// Where a provider's API lives: scheme, host and port. The default is the provider's documented
/// endpoint; configuration may point it at a local fake provider (`http://127.0.0.1:8081`).
public struct ChannelEndpoint: Sendable, Equatable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int?

    public init(scheme: String = "https", host: String, port: Int? = nil) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// Parses `https://host[:port]` (a trailing `/` is allowed; a path, query or user is not).
    public init?(_ text: String) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
              components.path.isEmpty || components.path == "/", components.query == nil, components.user == nil
        else { return nil }
        self.init(scheme: scheme, host: host, port: components.port)
    }

    /// The `Host` header value: the host, with the port when it is not the scheme's default.
    public var hostHeader: String {
        guard let port, !(scheme == "https" && port == 443), !(scheme == "http" && port == 80) else { return host }
        return "\(host):\(port)"
    }

    public var description: String { "\(scheme)://\(hostHeader)" }
}

extension ChannelEndpoint {
    /// Self when the scheme is http(s) and the host non-empty.
    var validated: ChannelEndpoint? {
        (scheme == "http" || scheme == "https") && !host.isEmpty ? self : nil
    }
}
