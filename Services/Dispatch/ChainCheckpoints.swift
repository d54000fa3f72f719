import Crypto
import Foundation
import Runtime
import Store

/// Signs chain heads at intervals (besides every decision and end, which the rules ask for): each
/// interval, the newest event of every order whose head is not signed yet gets a signed
/// checkpoint in `dispatch.chain_heads`, so a chain rewritten later no longer matches what was
/// signed. Replicas may race: the key (order, sequence) keeps one signature per head.
final class ChainCheckpoints: Service {
    let name = "checkpoints"
    private let signer: ChainHeadSigner
    private let database: Database
    private let interval: Duration
    private let logger: Logger
    private let stopped = AsyncLatch()

    init(signer: ChainHeadSigner, database: Database, interval: Duration, logger: Logger) {
        self.signer = signer
        self.database = database
        self.interval = interval
        self.logger = logger
    }

    func run() async throws {
        while !stopped.isOpen {
            let next = ContinuousClock.now + interval
            while !stopped.isOpen, ContinuousClock.now < next { try? await Task.sleep(for: .milliseconds(200)) }
            guard !stopped.isOpen else { return }
            do {
                let signed = try await signUnsignedHeads()
                if signed > 0 { logger.info("chain heads signed", metadata: ["orders": "\(signed)"]) }
            } catch {
                logger.error("signing chain heads failed; retrying next interval", metadata: ["error": "\(error)"])
            }
        }
    }

    func shutdown() async { stopped.open() }

    /// Signs the unsigned newest head of every order; returns how many were signed.
    func signUnsignedHeads(now: Date = Date()) async throws -> Int {
        let signer = signer
        let publicKey = Hex.encode(signer.key.publicKey)
        return try await database.transaction { db in
            let heads = try await db.query("""
                SELECT e.order_id, e.sequence, e.hash FROM dispatch.order_events e
                JOIN (SELECT order_id, max(sequence) AS sequence FROM dispatch.order_events GROUP BY order_id) newest
                  ON newest.order_id = e.order_id AND newest.sequence = e.sequence
                WHERE NOT EXISTS (SELECT 1 FROM dispatch.chain_heads c WHERE c.order_id = e.order_id AND c.sequence = e.sequence)
                """)
            var signed = 0
            for row in heads {
                let head = signer.sign(orderId: try row.decode("order_id", as: String.self), sequence: try row.decode("sequence", as: Int.self),
                                       hash: try row.decode("hash", as: String.self), at: now)
                signed += try await db.execute("""
                    INSERT INTO dispatch.chain_heads (order_id, sequence, hash, signed_at, public_key, signature, reason)
                    VALUES (\(head.orderId), \(head.sequence), \(head.hash), \(head.signedAt), \(publicKey), \(head.signature), '定时签名')
                    ON CONFLICT (order_id, sequence) DO NOTHING
                    """)
            }
            return signed
        }
    }
}
