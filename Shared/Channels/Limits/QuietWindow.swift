public import Foundation

/// A daily period in China Standard Time during which a notification waits (e.g. 22:00–07:00).
/// A window whose end is before its start crosses midnight.
public struct QuietWindow: Sendable, Equatable, CustomStringConvertible {
    /// Minutes after 00:00 CST.
    public let startMinute: Int
    public let endMinute: Int

    public init?(startMinute: Int, endMinute: Int) {
        guard (0..<1440).contains(startMinute), (0..<1440).contains(endMinute), startMinute != endMinute else { return nil }
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// Parses `HH:MM-HH:MM` (China time).
    public init?(_ text: String) {
        let ends = text.split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count == 2, let start = Self.minute(ends[0]), let end = Self.minute(ends[1]) else { return nil }
        self.init(startMinute: start, endMinute: end)
    }

    private static func minute(_ text: Substring) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        return hour * 60 + minute
    }

    private func contains(minuteOfDay minute: Int) -> Bool {
        startMinute < endMinute ? (startMinute..<endMinute).contains(minute) : minute >= startMinute || minute < endMinute
    }

    /// When the window containing `instant` ends, or nil when `instant` is outside the window.
    public func end(ofWindowContaining instant: Date) -> Date? {
        let chinaSeconds = Int(instant.timeIntervalSince1970.rounded(.down)) + 8 * 3600
        let day = chinaSeconds >= 0 ? chinaSeconds / 86_400 : (chinaSeconds - 86_399) / 86_400
        let secondOfDay = chinaSeconds - day * 86_400
        guard contains(minuteOfDay: secondOfDay / 60) else { return nil }
        let endDay = secondOfDay / 60 >= endMinute ? day + 1 : day
        return Date(timeIntervalSince1970: TimeInterval(endDay * 86_400 + endMinute * 60 - 8 * 3600))
    }

    public var description: String {
        func clock(_ minute: Int) -> String { "\(UTCTimestamp.twoDigits(minute / 60)):\(UTCTimestamp.twoDigits(minute % 60))" }
        return "\(clock(startMinute))-\(clock(endMinute))"
    }
}
