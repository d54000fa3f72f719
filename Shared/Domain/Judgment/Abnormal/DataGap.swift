public import Foundation

/// A run without a valid measured value while the source operates (not marked stopped), found
/// in one factor's series (judgment.md §4). Scheduled maintenance and calibration are not gaps;
/// they are judged by the flag-run rules.
public struct DataGap: Sendable, Hashable {
    public enum Cause: String, Sendable, Hashable, Codable {
        /// Every value in it is flagged `D` or covered by a fault mark: eligible for the quarterly exemption.
        case fault
        /// Every value in it is flagged `B` (instrument–logger link): communication loss.
        case communication
        /// Nothing received, or a mix of causes.
        case noData = "no-data"
    }

    public var outletId: String
    public var factor: String
    public var start: Date
    public var end: Date
    public var cause: Cause
    /// Marks overlapping the gap, in order.
    public var markIds: [String]
    /// The gap reaches the end of the evaluated series: it may still grow.
    public var isOpen: Bool

    public init(outletId: String, factor: String, start: Date, end: Date, cause: Cause, markIds: [String], isOpen: Bool) {
        self.outletId = outletId
        self.factor = factor
        self.start = start
        self.end = end
        self.cause = cause
        self.markIds = markIds
        self.isOpen = isOpen
    }

    public var minutes: Int { Int(end.timeIntervalSince(start) / 60) }
}
