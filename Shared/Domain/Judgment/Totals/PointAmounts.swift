import Foundation

/// The hourly emission amounts of one monitoring point over a window, from its stored rows: each
/// pollutant's recomputed hours (marks applied, minutes where there are, else the device's hours)
/// times the flow's hours, through `EmissionAmounts` (substitutes in their own layer).
public struct PointAmounts: Sendable {
    public let rules: JudgmentRules
    public let flagEffects: FlagEffects

    public init(rules: JudgmentRules, flagEffects: FlagEffects) {
        self.rules = rules
        self.flagEffects = flagEffects
    }

    /// One series per pollutant factor with both concentration and flow data in the window
    /// (oxygen and the flow itself have no amount), sorted by factor. `window` is hour-aligned
    /// and ends at the judged data; it should begin `SubstitutionLookback.runHours` before the
    /// hours wanted, so a run of invalid hours is measured whole up to the table's longest limit.
    /// `history`: per factor (the flow's too), its valid hourly values before the window, newest
    /// first, where substitutes continue looking (`SubstitutionLookback.validHours` of them).
    public func recompute(subject: RecomputeSubject, window: TimeSpan, values: [StoredValue], marks: [MarkRecord],
                          history: [String: [Double]] = [:]) throws(JudgmentInputError) -> [AmountSeries] {
        let start = ExceedanceRecomputation.hourFloor(window.start), end = ExceedanceRecomputation.hourFloor(window.end)
        guard end > start, let span = TimeSpan(start: start, end: end) else { return [] }
        let inside = values.filter { $0.level != .day && $0.level != .realTime && span.contains($0.dataTime) }
        let (flowFactor, flowUnit) = Self.flow(of: subject.medium)
        guard let flow = try hours(of: flowFactor, rows: inside, subject: subject, span: span, marks: marks) else { return [] }
        let pollutants = Set(inside.map(\.factor)).subtracting(ExceedanceRecomputation.flowFactors)
            .subtracting([ExceedanceRecomputation.oxygenFactor]).sorted()
        let amounts = EmissionAmounts(rules: rules)
        var series: [AmountSeries] = []
        for factor in pollutants {
            guard let concentration = try hours(of: factor, rows: inside, subject: subject, span: span, marks: marks) else { continue }
            series.append(try amounts.hourly(outletId: subject.outletId, factor: factor, medium: subject.medium, concentration: concentration,
                                             flow: flow, flowUnit: flowUnit, concentrationHistory: history[factor] ?? [],
                                             flowHistory: history[flowFactor] ?? []))
        }
        return series
    }

    /// The flow whose hours multiply the concentrations: a00000 (m³/s) for air, w00000 (L/s) for water.
    public static func flow(of medium: Medium) -> (factor: String, unit: EmissionAmounts.FlowUnit) {
        medium == .water ? ("w00000", .litresPerSecond) : ("a00000", .cubicMetresPerSecond)
    }

    /// The hours of one factor from its minutes (else the device's hours), marks applied.
    private func hours(of factor: String, rows: [StoredValue], subject: RecomputeSubject, span: TimeSpan,
                       marks: [MarkRecord]) throws(JudgmentInputError) -> [PeriodMean]? {
        let minutes = rows.filter { $0.factor == factor && $0.level == .minute }.sorted { $0.dataTime < $1.dataTime }
        let deviceHours = rows.filter { $0.factor == factor && $0.level == .hour }.sorted { $0.dataTime < $1.dataTime }
        guard !minutes.isEmpty || !deviceHours.isEmpty else { return nil }
        let hourCount = Int(span.end.timeIntervalSince(span.start) / 3600)
        let coverage = AbnormalRecomputation.coverage(marks, subject: subject, factor: factor, start: span.start, end: span.end)
        let validity = SampleValidity(flagEffects: flagEffects)
        let aggregator = PeriodAggregator(rules: rules)
        var hourSeries = try SampleSeries(start: span.start, intervalSeconds: 3600, count: hourCount)
        for row in deviceHours { try ExceedanceRecomputation.record(row, in: &hourSeries) }
        guard !minutes.isEmpty else { return try aggregator.hourly(deviceHours: validity.resolve(hourSeries, marks: coverage)) }
        let interval = ExceedanceRecomputation.minuteInterval(minutes)
        var minuteSeries = try SampleSeries(start: span.start, intervalSeconds: interval, count: hourCount * 3600 / interval)
        for row in minutes { try ExceedanceRecomputation.record(row, in: &minuteSeries) }
        return try aggregator.hourly(validity.resolve(minuteSeries, marks: coverage),
                                     deviceHours: deviceHours.isEmpty ? nil : validity.resolve(hourSeries, marks: coverage))
    }
}
