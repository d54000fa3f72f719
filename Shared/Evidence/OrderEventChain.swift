public import Domain
import Crypto
import Foundation

/// The hash chain of one order's events, exactly as Dispatch seals it: each `hash` is the
/// SHA-256 (hex) of `previousHash` followed by the canonical JSON of the event with `hash` set
/// to "" (sorted keys, unescaped slashes, ISO 8601 dates to the second). The first event's
/// `previousHash` is 64 zeros.
public enum OrderEventChain {
    public static let genesis = String(repeating: "0", count: 64)

    /// Why a chain does not verify, naming the first event that fails.
    public struct Break: Error, Sendable, Hashable, CustomStringConvertible {
        public enum Reason: String, Sendable, Hashable {
            /// The sequence is not the next one (events missing, repeated or reordered).
            case outOfSequence = "out_of_sequence"
            /// The event belongs to another order.
            case otherOrder = "other_order"
            /// `previousHash` is not the hash of the event before.
            case brokenLink = "broken_link"
            /// The event's content does not hash to its `hash`.
            case hashMismatch = "hash_mismatch"
        }

        /// Position in the list, from 0.
        public var index: Int
        public var sequence: Int
        public var reason: Reason
        public var detailZh: String

        public var description: String { "第\(index + 1)个事件（序号\(sequence)）：\(detailZh)" }
    }

    /// The text that is hashed after `previousHash`.
    public static func canonical(_ event: OrderEventRecord) throws -> String {
        var unsealed = event
        unsealed.hash = ""
        return try CanonicalJSON.encode(unsealed)
    }

    public static func hash(_ event: OrderEventRecord) throws -> String {
        SHA256.hex(Array((event.previousHash + (try canonical(event))).utf8))
    }

    /// The event with its hash set.
    public static func seal(_ event: OrderEventRecord) throws -> OrderEventRecord {
        var sealed = event
        sealed.hash = try hash(event)
        return sealed
    }

    /// An event as a store keeps it: the canonical text that was hashed (with `hash` empty) and
    /// the hash recorded beside it. A changed byte in either shows up as a `hash_mismatch` in
    /// `firstBreak`; a text that decodes but is not canonical (a byte that changes no field, such
    /// as added whitespace) is refused here, so re-encoding never repairs a tampered row.
    public static func restore(canonical: String, hash: String) throws(EvidenceError) -> OrderEventRecord {
        var event: OrderEventRecord
        do { event = try CanonicalJSON.decoder().decode(OrderEventRecord.self, from: Data(canonical.utf8)) } catch {
            throw EvidenceError(.invalidContents, "存储的事件文本无法解析为事件（被改动）")
        }
        guard (try? self.canonical(event)) == canonical else {
            throw EvidenceError(.invalidContents, "存储的事件文本不是其规范化形式（被改动）")
        }
        event.hash = hash
        return event
    }

    /// Seals a list of unsealed events in order, linking each to the one before from the genesis.
    public static func sealAll(_ events: [OrderEventRecord]) throws -> [OrderEventRecord] {
        var previous = genesis
        var sealed: [OrderEventRecord] = []
        for var event in events {
            event.previousHash = previous
            event = try seal(event)
            previous = event.hash
            sealed.append(event)
        }
        return sealed
    }

    /// The first event that does not verify, or nil when the whole chain holds: sequences run
    /// 1, 2, 3… for one order, each event links to the one before (the first to the genesis),
    /// and each hash matches its content.
    public static func firstBreak(in events: [OrderEventRecord]) -> Break? {
        var previous = genesis
        for (index, event) in events.enumerated() {
            if event.sequence != index + 1 {
                return Break(index: index, sequence: event.sequence, reason: .outOfSequence,
                             detailZh: "序号应为\(index + 1)，实为\(event.sequence)（事件缺失、重复或顺序被调换）")
            }
            if index > 0, event.orderId != events[0].orderId {
                return Break(index: index, sequence: event.sequence, reason: .otherOrder, detailZh: "属于另一督办单\(event.orderId)")
            }
            if event.previousHash != previous {
                return Break(index: index, sequence: event.sequence, reason: .brokenLink,
                             detailZh: "previousHash 与前一事件的哈希不符（应为\(previous.prefix(16))…）")
            }
            let computed: String
            do { computed = try hash(event) } catch {
                return Break(index: index, sequence: event.sequence, reason: .hashMismatch, detailZh: "无法规范化：\(error)")
            }
            if computed != event.hash {
                return Break(index: index, sequence: event.sequence, reason: .hashMismatch,
                             detailZh: "内容的哈希为\(computed.prefix(16))…，记录的哈希为\(event.hash.prefix(16))…（内容被改动）")
            }
            previous = event.hash
        }
        return nil
    }
}
