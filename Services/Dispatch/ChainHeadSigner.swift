import Crypto
import Evidence
import Foundation

/// Signs an order's chain head with the deployment's key, as `SignedChainHead` (format
/// `duban.chain-head.v1`) so the Evidence verifier and `duban-ctl evidence export` check exactly
/// what was signed.
struct ChainHeadSigner: Sendable {
    let key: Ed25519.KeyPair

    func sign(orderId: String, sequence: Int, hash: String, at time: Date) -> SignedChainHead {
        SignedChainHead.sign(orderId: orderId, sequence: sequence, hash: hash, at: time, with: key)
    }
}
