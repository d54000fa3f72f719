public import Domain
public import Foundation
import Runtime

/// Applies rate-limit rules before a send: every rule that applies to the send must allow it,
/// and only then does the send count against each of them (a refused send uses no quota). Safe
/// to share between tasks; time comes from the injected clock.
public final class RateLimiter: Sendable {
    /// What is being sent, as far as the rules' scopes need to know.
    public struct Subject: Sendable, Equatable {
        public var provider: NotificationProvider
        public var recipient: String?
        public var signature: String?
        public var templateCode: String?
        /// The exact text (for "same content" rules).
        public var content: String?
        /// The robot webhook or WeChat account the send goes to.
        public var destination: String?

        public init(provider: NotificationProvider, recipient: String? = nil, signature: String? = nil, templateCode: String? = nil,
                    content: String? = nil, destination: String? = nil) {
            self.provider = provider
            self.recipient = recipient
            self.signature = signature
            self.templateCode = templateCode
            self.content = content
            self.destination = destination
        }
    }

    public enum Decision: Sendable, Equatable {
        case allowed
        /// Refused by `rule` until `until`: reschedule, merge into a digest, or fall back.
        case limited(until: Date, rule: RateLimitRule)
    }

    private struct State: Sendable {
        var counters: [String: RateCounter] = [:]
        var decisionsSincePrune = 0
    }

    public let rules: [RateLimitRule]
    private let clock: @Sendable () -> Date
    private let state = Locked(State())

    public init(rules: [RateLimitRule] = DocumentedLimits.all, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.rules = rules
        self.clock = clock
    }

    /// The counter key of `rule` for `subject`, or nil when the rule does not apply to it (another
    /// provider, or a scope whose fields the subject lacks).
    public static func key(of rule: RateLimitRule, for subject: Subject) -> String? {
        guard rule.provider == subject.provider else { return nil }
        let parts: [String?]
        switch rule.scope {
        case .provider: parts = []
        case .recipient: parts = [subject.recipient]
        case .recipientSignatureAndTemplate: parts = [subject.recipient, subject.signature, subject.templateCode]
        case .recipientAndContent: parts = [subject.recipient, subject.content]
        case .destination: parts = [subject.destination]
        }
        guard parts.allSatisfy({ $0 != nil }) else { return nil }
        return ([rule.name] + parts.compactMap { $0 }).joined(separator: "\u{1F}")
    }

    /// Counts the send if every applicable rule allows it now.
    public func acquire(_ subject: Subject) -> Decision {
        decide(subject, consume: true)
    }

    /// Whether the send would be allowed now, without counting it.
    public func check(_ subject: Subject) -> Decision {
        decide(subject, consume: false)
    }

    private func decide(_ subject: Subject, consume: Bool) -> Decision {
        let now = clock()
        let applicable = Self.applicable(rules, to: subject)
        return state.withLock { state in
            let held = state.counters.filter { key, _ in applicable.contains { $0.key == key } }
            let (decision, changed) = Self.evaluate(applicable, counters: held, at: now, consume: consume)
            state.counters.merge(changed) { _, new in new }
            if !changed.isEmpty { state.decisionsSincePrune += 1 }
            if state.decisionsSincePrune >= 1024 {
                state.decisionsSincePrune = 0
                state.counters = state.counters.filter { !$0.value.isIdle(at: now) }
            }
            return decision
        }
    }

    /// The rules that apply to `subject`, each with its counter key.
    public static func applicable(_ rules: [RateLimitRule], to subject: Subject) -> [(rule: RateLimitRule, key: String)] {
        rules.compactMap { rule in key(of: rule, for: subject).map { (rule: rule, key: $0) } }
    }

    /// The decision for a send given the counters of its applicable rules (a missing or outdated
    /// counter starts fresh), and the counters that changed (all of them when the send is allowed
    /// and `consume` is true, none otherwise). Pure: the caller keeps the state, in memory or in a
    /// database row locked for the decision.
    public static func evaluate(_ applicable: [(rule: RateLimitRule, key: String)], counters: [String: RateCounter], at now: Date,
                                consume: Bool) -> (decision: Decision, changed: [String: RateCounter]) {
        func counter(_ rule: RateLimitRule, _ key: String) -> RateCounter {
            counters[key].flatMap { $0.matches(rule) ? $0 : nil } ?? RateCounter(rule)
        }
        var refusal: (until: Date, rule: RateLimitRule)?
        for (rule, key) in applicable {
            if let next = counter(rule, key).nextAllowed(at: now), next > (refusal?.until ?? .distantPast) { refusal = (next, rule) }
        }
        if let refusal { return (.limited(until: refusal.until, rule: refusal.rule), [:]) }
        guard consume else { return (.allowed, [:]) }
        var changed: [String: RateCounter] = [:]
        for (rule, key) in applicable {
            var updated = counter(rule, key)
            updated.take(at: now)
            changed[key] = updated
        }
        return (.allowed, changed)
    }

    /// Counters currently held (for tests and metrics: idle ones are dropped periodically).
    public var trackedCounters: Int { state.withLock { $0.counters.count } }
}
