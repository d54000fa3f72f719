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

    /// The quarter after this one.
    public var next: Quarter { number == 4 ? Quarter(year: year + 1, number: 1)! : Quarter(year: year, number: number + 1)! }

    /// Exclusive end: the start of the next quarter.
    public var end: Date { next.start }

    /// Parses `2026Q4`, the form of `description`.
    public init?(_ text: String) {
        let parts = text.split(separator: "Q", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), let number = Int(parts[1]) else { return nil }
        self.init(year: year, number: number)
    }

    public static func < (lhs: Quarter, rhs: Quarter) -> Bool { (lhs.year, lhs.number) < (rhs.year, rhs.number) }

    /// `2026Q1`.
    public var description: String { "\(year)Q\(number)" }
}
