import Channels
import Crypto
import Foundation
import Runtime
import Store

/// The rate limiter whose counters live in `notify.rate_counters`, so that a restart (or a second
/// replica) continues the per-number and per-provider counts instead of starting afresh. Each
/// decision locks the rows of the rules that apply, decides with `RateLimiter.evaluate` and writes
/// back what changed, in one transaction.
struct PersistentRateLimits: Sendable {
    let database: Database
    let rules: [RateLimitRule]

    /// Counters not touched for this long hold nothing any rule looks at (the longest window is a day).
    static let idleAfter = "2 days"

    /// The row key: the rule's name, then a hash of the full counter key (which holds the phone
    /// number and, for the same-content rule, the text).
    static func storageKey(_ key: String, rule: RateLimitRule) -> String {
        "\(rule.name):\(SHA256.hex(Array(key.utf8)).prefix(40))"
    }

    /// Counts the send if every applicable rule allows it now.
    func acquire(_ subject: RateLimiter.Subject) async throws -> RateLimiter.Decision {
        // Rows are locked in one order, so that two replicas never wait on each other crosswise.
        let applicable = RateLimiter.applicable(rules, to: subject).sorted { $0.key < $1.key }
        guard !applicable.isEmpty else { return .allowed }
        return try await database.transaction { db in
            var counters: [String: RateCounter] = [:]
            for (rule, key) in applicable {
                let stored = Self.storageKey(key, rule: rule)
                let fresh = String(decoding: try JSONEncoder().encode(RateCounter(rule)), as: UTF8.self)
                // Insert first, so that the row exists to be locked even for the first send.
                try await db.execute("""
                    INSERT INTO notify.rate_counters (key, rule, state) VALUES (\(stored), \(rule.name), \(fresh)) ON CONFLICT (key) DO NOTHING
                    """)
                let rows = try await db.query("SELECT state FROM notify.rate_counters WHERE key = \(stored) FOR UPDATE")
                if let text = try rows.first?.decode("state", as: String.self),
                   let counter = try? JSONDecoder().decode(RateCounter.self, from: Data(text.utf8)) {
                    counters[key] = counter
                }
            }
            let (decision, changed) = RateLimiter.evaluate(applicable, counters: counters, at: Date(), consume: true)
            for (rule, key) in applicable {
                guard let counter = changed[key] else { continue }
                let state = String(decoding: try JSONEncoder().encode(counter), as: UTF8.self)
                try await db.execute("""
                    UPDATE notify.rate_counters SET state = \(state), updated_at = now() WHERE key = \(Self.storageKey(key, rule: rule))
                    """)
            }
            return decision
        }
    }

    /// Drops counters idle for two days; returns how many.
    @discardableResult
    func prune() async throws -> Int {
        try await database.execute("DELETE FROM notify.rate_counters WHERE updated_at < now() - \(Self.idleAfter)::interval")
    }
}
