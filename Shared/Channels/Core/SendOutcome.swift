/// A provider's answer to a send, classified. `providerCode` is the provider's own code (`OK`,
/// `isv.BUSINESS_LIMIT_CONTROL`, `LimitExceeded.PhoneNumberDailyLimit`, `43004`, `HTTP 503`),
/// kept as evidence next to the class.
public struct SendOutcome: Sendable, Equatable, CustomStringConvertible {
    public var classification: ResponseClass
    public var providerCode: String
    public var message: String
    /// The provider's id for the accepted message: BizId, SerialNo, msgid. Receipts carry it.
    public var providerMessageId: String?
    /// The provider's request id, for a support ticket.
    public var requestId: String?
    /// True when the answer does not prove the message was refused: a gateway error page, a body
    /// that does not parse, a 5xx without the provider's own error. The sender must then query
    /// the provider's status before sending again (never resend blind).
    public var mayHaveBeenSent: Bool
    /// When the provider documents how long a limit lasts (DingTalk: 10 minutes after 20/min).
    public var retryAfter: Duration?

    public init(classification: ResponseClass, providerCode: String, message: String, providerMessageId: String? = nil,
                requestId: String? = nil, mayHaveBeenSent: Bool = false, retryAfter: Duration? = nil) {
        self.classification = classification
        self.providerCode = providerCode
        self.message = message
        self.providerMessageId = providerMessageId
        self.requestId = requestId
        self.mayHaveBeenSent = mayHaveBeenSent
        self.retryAfter = retryAfter
    }

    public var description: String {
        var text = "\(classification.rawValue) \(providerCode)"
        if !message.isEmpty { text += ": \(message)" }
        if mayHaveBeenSent { text += " (may have been sent: query before any resend)" }
        return text
    }

    /// The answer of a gateway that did not speak the provider's protocol (HTTP status only).
    static func fromHTTPStatus(_ response: ChannelResponse) -> SendOutcome {
        let code = "HTTP \(response.statusCode)"
        let body = String(response.text.prefix(200))
        switch response.statusCode {
        case 429:
            return SendOutcome(classification: .rateLimited, providerCode: code, message: body)
        case 401, 403:
            return SendOutcome(classification: .authentication, providerCode: code, message: body)
        case 500...599:
            return SendOutcome(classification: .transient, providerCode: code, message: body, mayHaveBeenSent: true)
        case 200...299:
            return SendOutcome(classification: .transient, providerCode: "unreadable response", message: body, mayHaveBeenSent: true)
        default:
            return SendOutcome(classification: .permanent, providerCode: code, message: body)
        }
    }
}
