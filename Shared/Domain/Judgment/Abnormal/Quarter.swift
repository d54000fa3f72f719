public import Foundation

/// A calendar quarter in China time: the period of the fault-gap exemption (one gap of at most
/// 8 hours per outlet per quarter).
public struct Quarter: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    /// 1…4.
    public let number: Int

    public init?(year: Int, number: Int) {
        guard (1...4).contains(number) else { return nil }
        self.year = year
        self.number = number
    }

    /// The quarter containing `instant` (China time).
    public init(containing instant: Date) {
        let date = CivilDate(chinaTimeOf: instant)
        year = date.year
        number = (date.month - 1) / 3 + 1
    }

    public var start: Date { CivilDate(year: year, month: (number - 1) * 3 + 1, day: 1)!.startInChina }

    public static func < (lhs: Quarter, rhs: Quarter) -> Bool { (lhs.year, lhs.number) < (rhs.year, rhs.number) }

    /// `2026Q1`.
    public var description: String { "\(year)Q\(number)" }
}
