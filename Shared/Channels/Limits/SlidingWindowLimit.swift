public import Foundation

/// At most `limit` events in any interval of length `window`: exact for the per-number caps
/// providers enforce ("1 per 30 s", "20 per minute"), where a token bucket with the same rate
/// would let a burst through on top of a full bucket. Keeps the last `limit` event times.
public struct SlidingWindowLimit: Sendable, Equatable, Codable {
    public let limit: Int
    public let window: Duration
    public private(set) var events: [Date] = []

    public init(limit: Int, window: Duration) {
        precondition(limit > 0 && window > .zero, "a window limit needs a positive limit and window")
        self.limit = limit
        self.window = window
    }

    /// When the next event is allowed (nil: now).
    public func nextAllowed(at now: Date) -> Date? {
        let recent = events.filter { $0 > now.addingTimeInterval(-window.seconds) }
        guard recent.count >= limit else { return nil }
        return recent[recent.count - limit].addingTimeInterval(window.seconds)
    }

    /// Records an event and returns nil if allowed; otherwise records nothing and returns when
    /// the oldest event in the window leaves it.
    public mutating func take(at now: Date) -> Date? {
        events.removeAll { $0 <= now.addingTimeInterval(-window.seconds) }
        if let next = nextAllowed(at: now) { return next }
        events.append(now)
        if events.count > limit { events.removeFirst(events.count - limit) }
        return nil
    }

    /// True when no event is inside the window any more (the state can be dropped).
    public func isIdle(at now: Date) -> Bool { events.allSatisfy { $0 <= now.addingTimeInterval(-window.seconds) } }
}

/// At most `limit` events per China-time calendar day (00:00–24:00 CST), as providers count
/// daily caps. Resets at midnight China time, not after 24 hours.
public struct ChinaDayLimit: Sendable, Equatable, Codable {
    public let limit: Int
    public private(set) var day: Int?
    public private(set) var count = 0

    public init(limit: Int) {
        precondition(limit > 0, "a daily limit must be positive")
        self.limit = limit
    }

    static func chinaDay(of instant: Date) -> Int {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + 8 * 3600
        return seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    }

    static func startOfChinaDay(_ day: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(day * 86_400 - 8 * 3600))
    }

    public func nextAllowed(at now: Date) -> Date? {
        let today = Self.chinaDay(of: now)
        guard day == today, count >= limit else { return nil }
        return Self.startOfChinaDay(today + 1)
    }

    public mutating func take(at now: Date) -> Date? {
        let today = Self.chinaDay(of: now)
        if day != today {
            day = today
            count = 0
        }
        if let next = nextAllowed(at: now) { return next }
        count += 1
        return nil
    }

    public func isIdle(at now: Date) -> Bool { day.map { $0 < Self.chinaDay(of: now) } ?? true }
}
