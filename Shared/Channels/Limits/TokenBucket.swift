public import Foundation

/// A token bucket: `capacity` tokens, refilled evenly so that an empty bucket is full again after
/// `refillPeriod`. Smooths a request rate (API calls per second) while allowing a burst of
/// `capacity`. Time is passed in, so the behaviour is the same under a test clock; a clock that
/// steps backwards refills nothing.
public struct TokenBucket: Sendable, Equatable, Codable {
    public let capacity: Int
    public let refillPeriod: Duration
    public private(set) var tokens: Double
    public private(set) var updatedAt: Date?

    public init(capacity: Int, refillPeriod: Duration) {
        precondition(capacity > 0 && refillPeriod > .zero, "a token bucket needs a positive capacity and refill period")
        self.capacity = capacity
        self.refillPeriod = refillPeriod
        tokens = Double(capacity)
    }

    private var tokensPerSecond: Double { Double(capacity) / refillPeriod.seconds }

    /// Tokens available at `now` (fractional while refilling).
    public func available(at now: Date) -> Double {
        guard let updatedAt else { return tokens }
        let elapsed = max(0, now.timeIntervalSince(updatedAt))
        return min(Double(capacity), tokens + elapsed * tokensPerSecond)
    }

    /// Takes a token if one is available and returns nil; otherwise takes nothing and returns
    /// when the next whole token will be there.
    public mutating func take(at now: Date) -> Date? {
        let level = available(at: now)
        if level >= 1 {
            tokens = level - 1
            updatedAt = max(now, updatedAt ?? now)
            return nil
        }
        return now.addingTimeInterval((1 - level) / tokensPerSecond)
    }

    /// When a token would be available, without taking one (nil: now).
    public func nextToken(at now: Date) -> Date? {
        let level = available(at: now)
        return level >= 1 ? nil : now.addingTimeInterval((1 - level) / tokensPerSecond)
    }
}
