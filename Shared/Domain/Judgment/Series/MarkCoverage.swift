public import Foundation

/// A mark as the judgment rules need it: which mark, of which type, over which span, with which
/// effect on the data it covers. The service resolves which marks apply to a series (equipment
/// marks on the point's factor, working-condition marks on the unit behind the outlet) and the
/// effect from the mark catalogue (`MarkType.effect`); a working-condition mark past its allowance
/// is passed with the effect the marking verdict gives it.
public struct MarkCoverage: Sendable, Hashable, Comparable {
    public var markId: String
    public var typeId: String
    public var effect: ValidityEffect
    /// Inclusive start.
    public var start: Date
    /// Exclusive end.
    public var end: Date

    public init(markId: String, typeId: String, effect: ValidityEffect, start: Date, end: Date) {
        self.markId = markId
        self.typeId = typeId
        self.effect = effect
        self.start = start
        self.end = end
    }

    public init(period: MarkPeriod, effect: ValidityEffect) {
        self.init(markId: period.id, typeId: period.typeId, effect: effect, start: period.start, end: period.end)
    }

    public func overlaps(start: Date, end: Date) -> Bool { self.start < end && start < self.end }

    /// Ordered by start, end, then id, so outputs listing marks are deterministic.
    public static func < (lhs: MarkCoverage, rhs: MarkCoverage) -> Bool {
        (lhs.start, lhs.end, lhs.markId) < (rhs.start, rhs.end, rhs.markId)
    }
}
