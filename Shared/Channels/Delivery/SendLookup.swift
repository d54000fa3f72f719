public import Foundation

/// Finds Duban's own send among a status query's answers, so that after a timeout the sender
/// learns whether the provider has the message before it sends anything again.
public struct SendLookup: Sendable, Equatable {
    /// Duban's key (OutId / SessionContext).
    public var outId: String
    /// The provider's id, when the send's answer was recorded.
    public var providerMessageId: String?
    /// The exact text with signature, for providers that do not echo the key in queries.
    public var content: String?
    public var templateCode: String?
    /// Sends the provider reports before this time cannot be this attempt.
    public var notBefore: Date?

    public init(outId: String, providerMessageId: String? = nil, content: String? = nil, templateCode: String? = nil, notBefore: Date? = nil) {
        self.outId = outId
        self.providerMessageId = providerMessageId
        self.content = content
        self.templateCode = templateCode
        self.notBefore = notBefore
    }

    /// The report that is this send: by provider id, else by Duban's key, else by identical text
    /// and template sent no earlier than `notBefore` (clock skew of a minute allowed).
    public func match(in reports: [DeliveryReceipt]) -> DeliveryReceipt? {
        if let providerMessageId, let report = reports.first(where: { $0.providerMessageId == providerMessageId }) { return report }
        if let report = reports.first(where: { $0.outId == outId }) { return report }
        guard let content else { return nil }
        return reports.first { report in
            guard report.content == content else { return false }
            if let templateCode, let reported = report.templateCode, reported != templateCode { return false }
            if let notBefore, let sentAt = report.sentAt, sentAt < notBefore.addingTimeInterval(-60) { return false }
            return true
        }
    }
}

/// A status query's answer: the reports it returned, or the provider's refusal, classified.
public enum StatusQueryResult: Sendable, Equatable {
    case reports([DeliveryReceipt], total: Int)
    case failed(SendOutcome)
}
