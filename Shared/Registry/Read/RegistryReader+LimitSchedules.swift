import Foundation
public import Domain

extension RegistryReader {
    /// The limit schedule of each factor of an outlet over the China-time days `window` touches,
    /// for `basis`, from the stored catalogue and the outlet's permit limits valid at the window's
    /// start: what Judgment and `duban-ctl judge` judge a window against. Oxygen and flow are not
    /// judged and get no schedule.
    public func limitSchedules(context: OutletContext, factors: Set<String>, basis: AveragingBasis,
                               window: TimeSpan) async throws -> [String: LimitSchedule] {
        let outletLimits = try await outletLimits(enterpriseId: context.enterprise.id, outletId: context.outlet.id, at: window.start)
        let first = CivilDate(chinaTimeOf: window.start)
        let last = CivilDate(chinaTimeOf: window.end.addingTimeInterval(-1))
        var schedules: [String: LimitSchedule] = [:]
        for factor in factors.sorted()
        where factor != ExceedanceRecomputation.oxygenFactor && !ExceedanceRecomputation.flowFactors.contains(factor) {
            let catalogue = try await standardsCatalogue(factor: factor)
            schedules[factor] = LimitSchedule(catalogue: catalogue, profile: context.profile, factor: factor, basis: basis,
                                              outletLimits: outletLimits, from: first, through: last)
        }
        return schedules
    }
}
