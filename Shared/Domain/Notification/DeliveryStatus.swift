/// The state of one delivery attempt (one send on one channel), as stored and as carried by
/// `cn.duban.delivery.v1`. Raw values are the stable strings the `notify` schema and the events use.
///
/// Receipts arrive late, in batches and sometimes twice; status queries may answer with an older
/// picture than a receipt already gave. `merged(with:)` is the one rule that reconciles them: a
/// final status never changes, and otherwise only a later stage replaces an earlier one.
public enum DeliveryStatus: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Recorded, not yet handed to a gateway.
    case queued
    /// Handed to the gateway; its answer is not recorded yet.
    case submitting
    /// No answer (timeout, lost connection): the gateway may or may not have the message. The
    /// provider's status must be queried before anything is sent again.
    case uncertain
    /// The gateway accepted the message; no receipt yet.
    case submitted
    /// Reconciliation gave up (72 h without a receipt). Shown as such on the order; a receipt that
    /// still arrives replaces it.
    case unknown
    /// The handset received the message.
    case delivered
    /// The gateway refused the attempt for a reason a retry might fix; nothing was sent.
    case failedTransient = "failed_transient"
    /// The message cannot be delivered on this channel (refused, blocked, not deliverable).
    case failedPermanent = "failed_permanent"

    /// A final status ends the attempt: no receipt, query or retry changes it.
    public var isFinal: Bool {
        switch self {
        case .delivered, .failedTransient, .failedPermanent: true
        case .queued, .submitting, .uncertain, .submitted, .unknown: false
        }
    }

    /// How far the attempt has gone; finals share the top stage so that none replaces another.
    private var stage: Int {
        switch self {
        case .queued: 0
        case .submitting: 1
        case .uncertain: 2
        case .submitted: 3
        case .unknown: 4
        case .delivered, .failedTransient, .failedPermanent: 5
        }
    }

    /// The status after learning `reported` (a receipt, a status query, the sender's own step).
    /// A final status is kept whatever arrives (the first final word wins, so a duplicate or a
    /// contradicting late receipt changes nothing); a non-final one moves forward only.
    public func merged(with reported: DeliveryStatus) -> DeliveryStatus {
        if isFinal { return self }
        return reported.stage >= stage ? reported : self
    }

    public var description: String { rawValue }

    /// 中文 wording for the order page.
    public var chineseName: String {
        switch self {
        case .queued: "待发送"
        case .submitting: "发送中"
        case .uncertain: "待核实"
        case .submitted: "已提交"
        case .unknown: "状态未知"
        case .delivered: "已送达"
        case .failedTransient: "发送失败（可重试）"
        case .failedPermanent: "发送失败"
        }
    }
}
