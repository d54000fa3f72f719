public import Foundation

/// A daily period in China Standard Time during which a notification waits (e.g. 22:00–07:00).
/// A window whose end is before its start crosses midnight.
public struct QuietWindow: Sendable, Equatable, CustomStringConvertible {
    /// Seconds after 00:00 CST.
    public let startSecond: Int
    public let endSecond: Int

    public var startMinute: Int { startSecond / 60 }
    public var endMinute: Int { endSecond / 60 }

    public init?(startMinute: Int, endMinute: Int) {
        self.init(startSecond: startMinute * 60, endSecond: endMinute * 60)
    }

    public init?(startSecond: Int, endSecond: Int) {
        guard (0..<86_400).contains(startSecond), (0..<86_400).contains(endSecond), startSecond != endSecond else { return nil }
        self.startSecond = startSecond
        self.endSecond = endSecond
    }

    /// Parses `HH:MM-HH:MM` or `HH:MM:SS-HH:MM:SS` (China time).
    public init?(_ text: String) {
        let ends = text.split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count == 2, let start = Self.second(ends[0]), let end = Self.second(ends[1]) else { return nil }
        self.init(startSecond: start, endSecond: end)
    }

    private static func second(_ text: Substring) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.dropFirst().allSatisfy({ $0.count == 2 }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        let second = parts.count == 3 ? Int(parts[2]) : 0
        guard let second, (0...59).contains(second) else { return nil }
        return hour * 3600 + minute * 60 + second
    }

    private func contains(secondOfDay second: Int) -> Bool {
        startSecond < endSecond ? (startSecond..<endSecond).contains(second) : second >= startSecond || second < endSecond
    }

    /// When the window containing `instant` ends, or nil when `instant` is outside the window.
    public func end(ofWindowContaining instant: Date) -> Date? {
        let chinaSeconds = Int(instant.timeIntervalSince1970.rounded(.down)) + 8 * 3600
        let day = chinaSeconds >= 0 ? chinaSeconds / 86_400 : (chinaSeconds - 86_399) / 86_400
        let secondOfDay = chinaSeconds - day * 86_400
        guard contains(secondOfDay: secondOfDay) else { return nil }
        let endDay = secondOfDay >= endSecond ? day + 1 : day
        return Date(timeIntervalSince1970: TimeInterval(endDay * 86_400 + endSecond - 8 * 3600))
    }

    public var description: String {
        func clock(_ second: Int) -> String {
            let text = "\(UTCTimestamp.twoDigits(second / 3600)):\(UTCTimestamp.twoDigits(second / 60 % 60))"
            return second % 60 == 0 ? text : text + ":\(UTCTimestamp.twoDigits(second % 60))"
        }
        return "\(clock(startSecond))-\(clock(endSecond))"
    }
}
