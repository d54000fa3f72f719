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
        let today = CivilDate(chinaTimeOf: asOf)
        var findings: [TotalQuantityFinding] = []
        let yearStart = CivilDate(year: today.year, month: 1, day: 1)!.startInChina
        let yearEnd = CivilDate(year: today.year + 1, month: 1, day: 1)!.startInChina
        findings += assess(.year(today.year), start: yearStart, end: yearEnd, permitted: total.annualTonnes, hours: hours,
                           enterpriseId: enterpriseId, factor: factor, asOf: asOf, rules: rules)
        if let monthly = total.monthlyTonnes {
            let start = JudgmentClock.date(JudgmentClock.monthStart(of: today))
            let end = JudgmentClock.date(JudgmentClock.nextMonthStart(of: today))
            findings += assess(.month(year: today.year, month: today.month), start: start, end: end, permitted: monthly, hours: hours,
                               enterpriseId: enterpriseId, factor: factor, asOf: asOf, rules: rules)
        }
        return findings
    }

    private static func assess(_ period: TotalQuantityFinding.Period, start: Date, end: Date, permitted: Double, hours: [HourlyAmount],
                               enterpriseId: String, factor: String, asOf: Date, rules: JudgmentRules) -> [TotalQuantityFinding] {
        guard asOf > start else { return [] }
        let inPeriod = hours.filter { $0.start >= start && $0.start < asOf && $0.start < end }
        let measured = inPeriod.filter { $0.layer == .measured }.reduce(0) { $0 + $1.tonnes }
        let substituted = inPeriod.filter { $0.layer == .substituted }.reduce(0) { $0 + $1.tonnes }
        let cumulative = measured + substituted
        let basisStart = max(start, asOf.addingTimeInterval(-Double(rules.totals.projectionBasisDays) * 86_400))
        let basisHours = asOf.timeIntervalSince(basisStart) / 3600
        let recent = inPeriod.filter { $0.start >= basisStart }.reduce(0) { $0 + $1.tonnes }
        let rate = basisHours > 0 ? recent / basisHours : 0
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
            ratePerHourTonnes: rate, unknownHours: inPeriod.filter { $0.layer == .unknown }.count, rulesVersion: rules.version)]
    }
}
