public import Domain

/// Why a request could not be built or a provider's document could not be read. `code` is a
/// stable string; `description` names the provider and the field, never a secret or a full number.
public struct ChannelError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The message or recipient cannot be sent as given (bad number, over-long field).
        case invalidRequest = "invalid_request"
        /// A provider's response (to a query or token request) does not have the documented shape.
        case malformedResponse = "malformed_response"
        /// A receipt or event pushed by a provider does not have the documented shape.
        case malformedCallback = "malformed_callback"
        /// A pushed request failed its signature check.
        case badSignature = "bad_signature"
    }

    public let code: Code
    public let provider: NotificationProvider
    public let reason: String

    public init(_ code: Code, _ provider: NotificationProvider, _ reason: String) {
        self.code = code
        self.provider = provider
        self.reason = reason
    }

    public var description: String { "\(provider.rawValue): \(code.rawValue): \(reason)" }
}
