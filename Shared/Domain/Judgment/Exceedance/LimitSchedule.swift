public import Foundation

/// The limit applicable to one outlet and factor on each China-time day of a judged range, for
/// one averaging basis. Standards and permits take effect on China-time days, so a change "on
/// 2026-04-01" takes effect at 2026-03-31 16:00 UTC: judging hour by hour through
/// `selection(at:)` puts the change on the right hour even inside a UTC day.
public struct LimitSchedule: Sendable {
    public let basis: AveragingBasis
    private let byDay: [CivilDate: LimitSelection]

    /// Selections the service already made (e.g. from the registry), by day.
    public init(basis: AveragingBasis, selections: [CivilDate: LimitSelection]) {
        self.basis = basis
        byDay = selections
    }

    /// Selects from the catalogue for every day from `first` through `last`.
    public init(catalogue: StandardsCatalogue, profile: OutletProfile, factor: String, basis: AveragingBasis,
                outletLimits: [OutletLimit] = [], from first: CivilDate, through last: CivilDate) {
        var selections: [CivilDate: LimitSelection] = [:]
        var day = first
        while day <= last {
            selections[day] = catalogue.selectLimit(for: profile, factor: factor, on: day, basis: basis, outletLimits: outletLimits)
            day = day.adding(days: 1)
        }
        self.init(basis: basis, selections: selections)
    }

    /// The selection for `day`; nil when the schedule does not cover the day (judged as "no limit").
    public func selection(on day: CivilDate) -> LimitSelection? { byDay[day] }

    /// The selection in force at `instant` (its China-time day).
    public func selection(at instant: Date) -> LimitSelection? { byDay[CivilDate(chinaTimeOf: instant)] }
}
