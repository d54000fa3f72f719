import Crypto
import Foundation

/// Signs an order's chain head in the form the Evidence verifier checks (`SignedChainHead`,
/// format `duban.chain-head.v1`): Dispatch does not link Evidence, so the statement text is
/// written here the same way, line for line.
struct ChainHeadSigner: Sendable {
    static let format = "duban.chain-head.v1"
    let key: Ed25519.KeyPair

    struct Head: Sendable {
        var orderId: String
        var sequence: Int
        var hash: String
        var signedAt: Date
        var signature: String
    }

    func sign(orderId: String, sequence: Int, hash: String, at time: Date) -> Head {
        let signedAt = Date(timeIntervalSince1970: time.timeIntervalSince1970.rounded(.down))
        let text = Self.statement(orderId: orderId, sequence: sequence, hash: hash, signedAt: signedAt)
        let signature = Hex.encode(Ed25519.sign(Array(text.utf8), secretKey: key.secretKey))
        return Head(orderId: orderId, sequence: sequence, hash: hash, signedAt: signedAt, signature: signature)
    }

    static func statement(orderId: String, sequence: Int, hash: String, signedAt: Date) -> String {
        "\(format)\norder=\(orderId)\nsequence=\(sequence)\nhash=\(hash)\nsignedAt=\(utcText(signedAt))\n"
    }

    /// `yyyy-MM-ddTHH:mm:ssZ`, whole seconds, UTC.
    static func utcText(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
