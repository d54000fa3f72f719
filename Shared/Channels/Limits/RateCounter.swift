public import Foundation

/// The state of one rate-limit rule for one key (a number, a robot, a provider), in the shape the
/// rule's window needs. Codable, so that a limiter shared by restarts and replicas can keep it in
/// a database (Notify's `notify.rate_counters`).
public enum RateCounter: Sendable, Equatable, Codable {
    case bucket(TokenBucket)
    case window(SlidingWindowLimit)
    case day(ChinaDayLimit)

    public init(_ rule: RateLimitRule) {
        switch rule.window {
        case .tokenBucket(let period): self = .bucket(TokenBucket(capacity: rule.limit, refillPeriod: period))
        case .slidingWindow(let period): self = .window(SlidingWindowLimit(limit: rule.limit, window: period))
        case .chinaCalendarDay: self = .day(ChinaDayLimit(limit: rule.limit))
        }
    }

    /// Whether this state was kept under `rule` as it is now: a changed limit or window starts afresh.
    public func matches(_ rule: RateLimitRule) -> Bool {
        switch (self, rule.window) {
        case (.bucket(let bucket), .tokenBucket(let period)): bucket.capacity == rule.limit && bucket.refillPeriod == period
        case (.window(let window), .slidingWindow(let period)): window.limit == rule.limit && window.window == period
        case (.day(let day), .chinaCalendarDay): day.limit == rule.limit
        default: false
        }
    }

    public func nextAllowed(at now: Date) -> Date? {
        switch self {
        case .bucket(let bucket): bucket.nextToken(at: now)
        case .window(let window): window.nextAllowed(at: now)
        case .day(let day): day.nextAllowed(at: now)
        }
    }

    public mutating func take(at now: Date) {
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

    /// True when the state holds nothing that could refuse a send (it can be dropped).
    public func isIdle(at now: Date) -> Bool {
        switch self {
        case .bucket(let bucket): bucket.available(at: now) >= Double(bucket.capacity)
        case .window(let window): window.isIdle(at: now)
        case .day(let day): day.isIdle(at: now)
        }
    }
}
