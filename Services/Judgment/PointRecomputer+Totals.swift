import Bus
import Domain
import Foundation
import Pipeline
import Registry
import Store

extension PointRecomputer {
    /// Emission amounts and permit totals after new data or a mark: the point's hourly amounts of
    /// the affected hours (`PointAmounts` from the raw rows of `SubstitutionLookback.runHours`
    /// before them, and, when one of them needed an HJ 75 substitute, the valid hourly means
    /// stored before those: `substitutionHistory`) replace its
    /// rows of `emission_amounts`; then for every factor with a permit total, the enterprise's
    /// amounts of the periods touched (the one containing the affected start, and the ones
    /// containing the judged data) are summed by SQL, checked (`TotalQuantityCheck.finding`),
    /// reconciled against the versions published (`TotalQuantityPublication`) → `totals`,
    /// `judgment_versions` and the outbox.
    func recomputeTotals(readings: inout PointReadings, subject: RecomputeSubject, affected: TimeSpan, judgedThrough: Date, rules: JudgmentRules,
                         flagEffects: FlagEffects, in db: isolated Database) async throws {
        let asOf = ExceedanceRecomputation.hourFloor(judgedThrough)
        let spanStart = ExceedanceRecomputation.hourFloor(affected.start)
        let spanEnd = min(asOf, affected.end > ExceedanceRecomputation.hourFloor(affected.end)
                              ? ExceedanceRecomputation.hourFloor(affected.end).addingTimeInterval(3600) : affected.end)
        let lookback = SubstitutionLookback(rules: rules.substitution)
        guard let span = TimeSpan(start: spanStart, end: spanEnd),
              let window = TimeSpan(start: spanStart.addingTimeInterval(-lookback.window), end: spanEnd) else { return }
        let values = try await readings.values(window, in: db)
        let marks = try await JudgmentStore.marks(outletId: subject.outletId, mn: subject.mn, window: window, in: db)
        let amounts = PointAmounts(rules: rules, flagEffects: flagEffects)
        var series = try amounts.recompute(subject: subject, window: window, values: values, marks: marks)
        if SubstitutionLookback.needsHistory(series, within: span) {
            let factors = Set(series.map(\.factor)).union([PointAmounts.flow(of: subject.medium).factor]).sorted()
            let history = try await substitutionHistory(mn: subject.mn, factors: factors, before: window.start, lookback: lookback, in: db)
            series = try amounts.recompute(subject: subject, window: window, values: values, marks: marks, history: history)
        }
        try await totals.replaceAmounts(mn: subject.mn, enterpriseId: subject.enterpriseId, span: span, series: series, in: db)

        let factors = Set(series.map(\.factor))
        let permits = try await registry.permits(enterpriseId: subject.enterpriseId, at: asOf).map(\.record)
        for permit in permits {
            for total in permit.totals where factors.contains(total.factor) {
                try await publishTotals(subject: subject, permit: permit, total: total, touched: span.start, asOf: asOf, rules: rules, in: db)
            }
        }
    }

    /// Per factor, the point's valid hourly means before `start` as Judgment stores them
    /// (`judgment.period_means`, marks applied), newest first: at most `lookback.validHours`, none
    /// older than `SubstitutionLookback.searchLimit`. One index range per factor.
    private func substitutionHistory(mn: String, factors: [String], before start: Date, lookback: SubstitutionLookback,
                                     in db: isolated Database) async throws -> [String: [Double]] {
        var history: [String: [Double]] = [:]
        for factor in factors {
            history[factor] = try await db.query("""
                SELECT value FROM judgment.period_means
                WHERE mn = \(mn) AND factor = \(factor) AND level = 'hour' AND valid AND value IS NOT NULL
                  AND period_start >= \(start.addingTimeInterval(-SubstitutionLookback.searchLimit)) AND period_start < \(start)
                ORDER BY period_start DESC LIMIT \(lookback.validHours)
                """).map { try $0.decode("value", as: Double.self) }
        }
        return history
    }

    private func publishTotals(subject: RecomputeSubject, permit: Permit, total: Permit.Total, touched: Date, asOf: Date,
                               rules: JudgmentRules, in db: isolated Database) async throws {
        var periods: [String: (period: TotalQuantityFinding.Period, start: Date, end: Date, permittedTonnes: Double, asOf: Date)] = [:]
        for period in TotalQuantityCheck.periods(of: total, asOf: touched) + TotalQuantityCheck.periods(of: total, asOf: asOf) {
            periods[period.period.key] = (period.period, period.start, period.end, period.permittedTonnes, min(asOf, period.end))
        }
        var findings: [TotalQuantityFinding] = []
        for key in periods.keys.sorted() {
            guard let period = periods[key] else { continue }
            let sums = try await totals.sums(
                enterpriseId: subject.enterpriseId, factor: total.factor, start: period.start, asOf: period.asOf,
                basisStart: TotalQuantityCheck.basisStart(periodStart: period.start, asOf: period.asOf, rules: rules), in: db)
            findings += TotalQuantityCheck.finding(period.period, start: period.start, end: period.end, permitted: period.permittedTonnes,
                                                   sums: sums, enterpriseId: subject.enterpriseId, factor: total.factor,
                                                   asOf: period.asOf, rules: rules)
        }
        let judged = Set(periods.keys.map { TotalQuantityPublication.id(enterpriseId: subject.enterpriseId, factor: total.factor, period: $0) })
        let previous = try await totals.published(enterpriseId: subject.enterpriseId, factor: total.factor, in: db)
            .filter { judged.contains($0.id) }
        let about = TotalQuantityPublication.Subject(
            enterpriseId: subject.enterpriseId, enterpriseName: subject.enterpriseName, permitId: permit.id, permitNumber: permit.number,
            outletIds: try await totals.outlets(enterpriseId: subject.enterpriseId, factor: total.factor, in: db),
            countyCode: subject.countyCode, cityCode: subject.cityCode)
        let current = TotalQuantityPublication.payloads(findings, subject: about, rules: rules)
        for change in TotalQuantityPublication.reconcile(previous: previous, current: current, asOf: asOf) {
            try await totals.save(change, in: db)
            let event = CloudEvent(id: "\(change.id)#v\(change.version)", source: Self.source, type: EventType.totalQuantity,
                                   time: Date(), subject: change.enterpriseId, data: change)
            try await outbox.append(event, topic: BusTopics.judgments, key: change.enterpriseId, in: db)
            logger.notice("total quantity judged", metadata: [
                "judgment": change.id, "version": "\(change.version)", "status": change.status.rawValue, "kind": change.kind.rawValue,
                "cumulative": "\(change.cumulativeTonnes)", "projected": "\(change.projectedTonnes)", "permitted": "\(change.permittedTonnes)",
            ])
        }
    }
}
