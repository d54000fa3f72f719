public import Domain
public import Foundation

/// What a provider said about one message, from a pushed receipt (callback) or a status query,
/// normalised to a `DeliveryStatus`. Apply it to the attempt with `DeliveryStatus.merged(with:)`:
/// the same receipt twice, or a late non-final answer after a final one, changes nothing.
public struct DeliveryReceipt: Sendable, Equatable {
    public enum Source: String, Sendable, Codable {
        /// Pushed by the provider to a receipt endpoint.
        case callback
        /// Read back by a status query (reconciliation, or before a resend after a timeout).
        case statusQuery = "status_query"
    }

    public var provider: NotificationProvider
    public var source: Source
    /// The provider's id of the message (BizId, SerialNo / sid, MsgID): how a receipt finds its attempt.
    public var providerMessageId: String?
    /// Duban's own key, where the provider echoes it (Alibaba Cloud OutId, Tencent Cloud SessionContext).
    public var outId: String?
    /// Phone number or openid, as the provider wrote it (mask before logging).
    public var recipient: String
    public var status: DeliveryStatus
    /// The provider's or carrier's own status code (`DELIVERED`, `DELIVRD`, `MK:0001`, `failed:user block`).
    public var providerCode: String
    public var detail: String
    /// When the handset received it, or the provider reported (UTC).
    public var reportedAt: Date?
    /// When the provider sent it (UTC), where given.
    public var sentAt: Date?
    /// Billed parts, where given.
    public var parts: Int?
    /// The text as the provider sent it and its template code (status queries of Alibaba Cloud):
    /// how a send without a known BizId is recognised after a timeout.
    public var content: String?
    public var templateCode: String?

    public init(provider: NotificationProvider, source: Source, providerMessageId: String?, outId: String?, recipient: String,
                status: DeliveryStatus, providerCode: String, detail: String, reportedAt: Date?, sentAt: Date? = nil,
                parts: Int? = nil, content: String? = nil, templateCode: String? = nil) {
        self.provider = provider
        self.source = source
        self.providerMessageId = providerMessageId
        self.outId = outId
        self.recipient = recipient
        self.status = status
        self.providerCode = providerCode
        self.detail = detail
        self.reportedAt = reportedAt
        self.sentAt = sentAt
        self.parts = parts
        self.content = content
        self.templateCode = templateCode
    }

    /// A stable identity for storing receipts idempotently (a unique key): the same report
    /// pushed twice has the same key; a different status or time for the message does not.
    public var deduplicationKey: String {
        let time = reportedAt.map { String(Int64(($0.timeIntervalSince1970 * 1000).rounded())) } ?? "-"
        return [provider.rawValue, providerMessageId ?? outId ?? "-", recipient, providerCode, time].joined(separator: "|")
    }
}

/// The receipts of one pushed batch. An entry that does not parse is listed in `rejected` rather
/// than failing the batch, so the others are kept (providers retry a failed push only a few times).
public struct ReceiptBatch: Sendable, Equatable {
    public struct Rejected: Sendable, Equatable, CustomStringConvertible {
        public var index: Int
        public var reason: String
        public var description: String { "entry \(index): \(reason)" }
    }

    public var receipts: [DeliveryReceipt]
    public var rejected: [Rejected]

    public init(receipts: [DeliveryReceipt], rejected: [Rejected] = []) {
        self.receipts = receipts
        self.rejected = rejected
    }
}
