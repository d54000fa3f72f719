/// The days on which a rule value is in force: from `from` (inclusive) until `until` (exclusive,
/// open-ended when nil). An amendment in force from 2026-04-01 ends the superseded row with
/// `until: 2026-04-01`, so exactly one of the two applies on any day.
public struct EffectivePeriod: Hashable, Sendable, CustomStringConvertible {
    public let from: CivilDate
    public let until: CivilDate?

    /// Nil when `until` is not after `from`: an empty or reversed period is a data error.
    public init?(from: CivilDate, until: CivilDate? = nil) {
        if let until, until <= from { return nil }
        self.from = from
        self.until = until
    }

    public func contains(_ day: CivilDate) -> Bool {
        day >= from && (until.map { day < $0 } ?? true)
    }

    public var description: String { "\(from)–\(until.map(\.description) ?? "")" }
}
