public import Foundation

/// A mark's type and time span on one subject (a monitoring point's factor for equipment marks,
/// a production unit for working-condition marks): what the overlap rules look at.
public struct MarkPeriod: Sendable, Hashable {
    public var id: String
    public var typeId: String
    /// Inclusive start.
    public var start: Date
    /// Exclusive end.
    public var end: Date

    public init(id: String, typeId: String, start: Date, end: Date) {
        self.id = id
        self.typeId = typeId
        self.start = start
        self.end = end
    }

    public func overlaps(_ other: MarkPeriod) -> Bool { start < other.end && other.start < end }

    /// True when `other` lies wholly inside this period.
    public func contains(_ other: MarkPeriod) -> Bool { start <= other.start && other.end <= end }
}
