public import Foundation
public import Crypto

/// A signed checkpoint of an order's chain: Dispatch signs the head (sequence and hash) at
/// intervals and on every decision, so a chain rewritten later no longer matches what was
/// signed then. The signature covers `statement`, a fixed text form.
public struct SignedChainHead: Codable, Sendable, Hashable {
    public static let format = "duban.chain-head.v1"

    public var orderId: String
    public var sequence: Int
    public var hash: String
    /// Whole seconds, UTC.
    public var signedAt: Date
    /// Ed25519 signature of `statement`, hex.
    public var signature: String

    /// A head as stored (e.g. a row of `dispatch.chain_heads`); `verifies` says whether it holds.
    public init(orderId: String, sequence: Int, hash: String, signedAt: Date, signature: String) {
        self.orderId = orderId
        self.sequence = sequence
        self.hash = hash
        self.signedAt = signedAt
        self.signature = signature
    }

    /// The signed text: format, order, sequence, hash and time, one per line.
    public var statement: String {
        "\(Self.format)\norder=\(orderId)\nsequence=\(sequence)\nhash=\(hash)\nsignedAt=\(CanonicalJSON.instant(signedAt))\n"
    }

    /// Signs the head of a chain (its last event) with the deployment's key.
    public static func sign(orderId: String, sequence: Int, hash: String, at time: Date, with key: Ed25519.KeyPair) -> SignedChainHead {
        var head = SignedChainHead(orderId: orderId, sequence: sequence, hash: hash, signedAt: CanonicalJSON.wholeSeconds(time), signature: "")
        head.signature = Hex.encode(Ed25519.sign(Array(head.statement.utf8), secretKey: key.secretKey))
        return head
    }

    public func verifies(publicKey: [UInt8]) -> Bool {
        guard let signature = Hex.decode(signature) else { return false }
        return Ed25519.verify(signature, message: Array(statement.utf8), publicKey: publicKey)
    }
}
