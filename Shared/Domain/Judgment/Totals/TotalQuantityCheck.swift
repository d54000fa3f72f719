public import Foundation

/// Cumulative emission amounts of a factor (all outlets of the enterprise) against the permit's
/// annual total and, where it sets one, monthly total (judgment.md §3).
public enum TotalQuantityCheck {
    /// The facts at `asOf` for the China-time year (and month) containing it: a breach when the
    /// cumulative amount (measured + substituted) exceeds the permitted one; otherwise a warning
    /// when the projection at the current rate (the mean of the last `projectionBasisDays`)
    /// exceeds `warnAtShareOfPermitted` of it. Nothing when neither holds.
    public static func assess(enterpriseId: String, factor: String, total: Permit.Total, amounts: [AmountSeries], asOf: Date,
                              rules: JudgmentRules) -> [TotalQuantityFinding] {
        let hours = amounts.filter { $0.factor == factor }.flatMap(\.hours)
        return periods(of: total, asOf: asOf).flatMap { period in
            assess(period.period, start: period.start, end: period.end, permitted: period.permittedTonnes, hours: hours,
                   enterpriseId: enterpriseId, factor: factor, asOf: asOf, rules: rules)
        }
    }

    /// The permit periods containing `asOf` (China time): the year, and the month where the
    /// permit sets a monthly total, with the amount each permits.
    public static func periods(of total: Permit.Total, asOf: Date)
        -> [(period: TotalQuantityFinding.Period, start: Date, end: Date, permittedTonnes: Double)] {
        let today = CivilDate(chinaTimeOf: asOf)
        var periods = [(period: TotalQuantityFinding.Period.year(today.year), start: CivilDate(year: today.year, month: 1, day: 1)!.startInChina,
                        end: CivilDate(year: today.year + 1, month: 1, day: 1)!.startInChina, permittedTonnes: total.annualTonnes)]
        if let monthly = total.monthlyTonnes {
            periods.append((.month(year: today.year, month: today.month), JudgmentClock.date(JudgmentClock.monthStart(of: today)),
                            JudgmentClock.date(JudgmentClock.nextMonthStart(of: today)), monthly))
        }
        return periods
    }

    private static func assess(_ period: TotalQuantityFinding.Period, start: Date, end: Date, permitted: Double, hours: [HourlyAmount],
                               enterpriseId: String, factor: String, asOf: Date, rules: JudgmentRules) -> [TotalQuantityFinding] {
        guard asOf > start else { return [] }
        let inPeriod = hours.filter { $0.start >= start && $0.start < asOf && $0.start < end }
        let basisStart = basisStart(periodStart: start, asOf: asOf, rules: rules)
        let sums = PeriodSums(measuredTonnes: inPeriod.filter { $0.layer == .measured }.reduce(0) { $0 + $1.tonnes },
                              substitutedTonnes: inPeriod.filter { $0.layer == .substituted }.reduce(0) { $0 + $1.tonnes },
                              recentTonnes: inPeriod.filter { $0.start >= basisStart }.reduce(0) { $0 + $1.tonnes },
                              unknownHours: inPeriod.filter { $0.layer == .unknown }.count)
        return finding(period, start: start, end: end, permitted: permitted, sums: sums, enterpriseId: enterpriseId, factor: factor,
                       asOf: asOf, rules: rules)
    }

    /// Where the rate of the projection starts: `projectionBasisDays` before `asOf`, not before
    /// the period.
    public static func basisStart(periodStart: Date, asOf: Date, rules: JudgmentRules) -> Date {
        max(periodStart, asOf.addingTimeInterval(-Double(rules.totals.projectionBasisDays) * 86_400))
    }

    /// The finding of one permit period from its sums (what `assess` computes from hours, or a
    /// store from its table of hourly amounts): a breach, a projected breach, or nothing.
    public static func finding(_ period: TotalQuantityFinding.Period, start: Date, end: Date, permitted: Double, sums: PeriodSums,
                               enterpriseId: String, factor: String, asOf: Date, rules: JudgmentRules) -> [TotalQuantityFinding] {
        guard asOf > start else { return [] }
        let measured = sums.measuredTonnes, substituted = sums.substitutedTonnes
        let cumulative = measured + substituted
        let basisHours = asOf.timeIntervalSince(basisStart(periodStart: start, asOf: asOf, rules: rules)) / 3600
        let rate = basisHours > 0 ? sums.recentTonnes / basisHours : 0
        let projected = cumulative + rate * max(0, end.timeIntervalSince(asOf) / 3600)
        let kind: TotalQuantityFinding.Kind
        if cumulative > permitted {
            kind = .breach
        } else if projected > permitted * rules.totals.warnAtShareOfPermitted {
            kind = .projectedBreach
        } else {
            return []
        }
        return [TotalQuantityFinding(
            id: JudgmentId.totalQuantity(kind: kind.rawValue, enterpriseId: enterpriseId, factor: factor, period: period.key), kind: kind,
            enterpriseId: enterpriseId, factor: factor, period: period, start: start, end: end, asOf: asOf, permittedTonnes: permitted,
            measuredTonnes: measured, substitutedTonnes: substituted, cumulativeTonnes: cumulative, projectedTonnes: projected,
            ratePerHourTonnes: rate, unknownHours: sums.unknownHours, rulesVersion: rules.version)]
    }

    /// The amounts of a permit period up to `asOf`: measured and substituted tonnes, the tonnes
    /// since the projection basis starts, and the hours whose amount is unknown.
    public struct PeriodSums: Sendable, Hashable {
        public var measuredTonnes: Double
        public var substitutedTonnes: Double
        public var recentTonnes: Double
        public var unknownHours: Int

        public init(measuredTonnes: Double, substitutedTonnes: Double, recentTonnes: Double, unknownHours: Int) {
            self.measuredTonnes = measuredTonnes
            self.substitutedTonnes = substitutedTonnes
            self.recentTonnes = recentTonnes
            self.unknownHours = unknownHours
        }
    }
}
