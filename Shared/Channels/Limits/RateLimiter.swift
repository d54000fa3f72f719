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

    private enum Counter: Sendable {
        case bucket(TokenBucket)
        case window(SlidingWindowLimit)
        case day(ChinaDayLimit)

        init(_ rule: RateLimitRule) {
            switch rule.window {
            case .tokenBucket(let period): self = .bucket(TokenBucket(capacity: rule.limit, refillPeriod: period))
            case .slidingWindow(let period): self = .window(SlidingWindowLimit(limit: rule.limit, window: period))
            case .chinaCalendarDay: self = .day(ChinaDayLimit(limit: rule.limit))
            }
        }

        func nextAllowed(at now: Date) -> Date? {
            switch self {
            case .bucket(let bucket): bucket.nextToken(at: now)
            case .window(let window): window.nextAllowed(at: now)
            case .day(let day): day.nextAllowed(at: now)
            }
        }

        mutating func take(at now: Date) {
            switch self {
            case .bucket(var bucket):
                _ = bucket.take(at: now)
                self = .bucket(bucket)
            case .window(var window):
                _ = window.take(at: now)
                self = .window(window)
            case .day(var day):
                _ = day.take(at: now)
                self = .day(day)
            }
        }

        func isIdle(at now: Date) -> Bool {
            switch self {
            case .bucket(let bucket): bucket.available(at: now) >= Double(bucket.capacity)
            case .window(let window): window.isIdle(at: now)
            case .day(let day): day.isIdle(at: now)
            }
        }
    }

    private struct State: Sendable {
        var counters: [String: Counter] = [:]
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
    static func key(of rule: RateLimitRule, for subject: Subject) -> String? {
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
        let applicable = rules.compactMap { rule in Self.key(of: rule, for: subject).map { (rule: rule, key: $0) } }
        return state.withLock { state in
            var refusal: (until: Date, rule: RateLimitRule)?
            for (rule, key) in applicable {
                let counter = state.counters[key] ?? Counter(rule)
                if let next = counter.nextAllowed(at: now), next > (refusal?.until ?? .distantPast) { refusal = (next, rule) }
            }
            if let refusal { return .limited(until: refusal.until, rule: refusal.rule) }
            guard consume else { return .allowed }
            for (rule, key) in applicable {
                var counter = state.counters[key] ?? Counter(rule)
                counter.take(at: now)
                state.counters[key] = counter
            }
            state.decisionsSincePrune += 1
            if state.decisionsSincePrune >= 1024 {
                state.decisionsSincePrune = 0
                state.counters = state.counters.filter { !$0.value.isIdle(at: now) }
            }
            return .allowed
        }
    }

    /// Counters currently held (for tests and metrics: idle ones are dropped periodically).
    public var trackedCounters: Int { state.withLock { $0.counters.count } }
}
