public import Foundation
import Crypto

/// `seal.json`: the exporter's signature over the package: the order, the chain head and the
/// manifest's hash. The statement is a fixed text form; its fields are parsed back for checking.
public struct EvidenceSeal: Codable, Sendable, Hashable {
    public static let format = "duban.evidence.seal.v1"

    public var orderId: String
    public var orderNumber: String
    public var headSequence: Int
    public var headHash: String
    public var manifestSHA256: String
    /// Whole seconds, UTC.
    public var exportedAt: Date
    /// The signer's public key, hex: informative only; the verifier uses the key it is given.
    public var publicKey: String
    public var signature: String

    public var statement: String {
        "\(Self.format)\norder=\(orderId)\nnumber=\(orderNumber)\nhead.sequence=\(headSequence)\nhead.hash=\(headHash)\n"
            + "manifest.sha256=\(manifestSHA256)\nexportedAt=\(CanonicalJSON.instant(exportedAt))\n"
    }

    static func sign(orderId: String, orderNumber: String, headSequence: Int, headHash: String, manifestSHA256: String,
                     exportedAt: Date, key: Ed25519.KeyPair) -> EvidenceSeal {
        var seal = EvidenceSeal(orderId: orderId, orderNumber: orderNumber, headSequence: headSequence, headHash: headHash,
                                manifestSHA256: manifestSHA256, exportedAt: CanonicalJSON.wholeSeconds(exportedAt),
                                publicKey: Hex.encode(key.publicKey), signature: "")
        seal.signature = Hex.encode(Ed25519.sign(Array(seal.statement.utf8), secretKey: key.secretKey))
        return seal
    }

    public func verifies(publicKey: [UInt8]) -> Bool {
        guard let signature = Hex.decode(signature) else { return false }
        return Ed25519.verify(signature, message: Array(statement.utf8), publicKey: publicKey)
    }
}
