public import Foundation

/// A half-open span of time [start, end): a gap, a run of flags, a period the source was stopped.
public struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let start: Date
    public let end: Date

    /// Nil when `end` is not after `start`.
    public init?(start: Date, end: Date) {
        guard end > start else { return nil }
        self.start = start
        self.end = end
    }

    public var duration: TimeInterval { end.timeIntervalSince(start) }

    public func overlaps(_ other: TimeSpan) -> Bool { start < other.end && other.start < end }

    public func contains(_ instant: Date) -> Bool { start <= instant && instant < end }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { (lhs.start, lhs.end) < (rhs.start, rhs.end) }

    public var description: String { "[\(start), \(end))" }

    /// Sorted spans with overlapping or touching ones joined.
    static func merged(_ spans: [TimeSpan]) -> [TimeSpan] {
        var result: [TimeSpan] = []
        for span in spans.sorted() {
            if let last = result.last, span.start <= last.end {
                result[result.count - 1] = TimeSpan(start: last.start, end: max(last.end, span.end))!
            } else {
                result.append(span)
            }
        }
        return result
    }
}
