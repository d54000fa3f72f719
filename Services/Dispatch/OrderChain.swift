import Crypto
import Domain
import Foundation

/// The hash chain of an order's events: each hash is SHA-256 over the previous hash and the
/// canonical JSON (sorted keys) of the event with an empty `hash` field.
enum OrderChain {
    static let genesis = String(repeating: "0", count: 64)

    static func canonical(_ event: OrderEventRecord) throws -> String {
        var unsealed = event
        unsealed.hash = ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(unsealed), as: UTF8.self)
    }

    /// Returns the event with its hash set, and the canonical text that was hashed.
    static func seal(_ event: OrderEventRecord) throws -> (event: OrderEventRecord, canonical: String) {
        let text = try canonical(event)
        var sealed = event
        sealed.hash = SHA256.hex(Array((event.previousHash + text).utf8))
        return (sealed, text)
    }
}
