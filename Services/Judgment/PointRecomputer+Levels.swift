import Domain
import Foundation
import Registry
import Store

extension PointRecomputer {
    /// The stored layers over the China-time days the change touches (`LevelRecomputation`):
    /// hourly and daily means of every factor with their judged form, the days' data-quality
    /// figures, converted-mismatch suspicions; then the months touched, re-formed from the stored
    /// days (means and quality), and clustering under the limit for every complete month touched.
    func recomputeLevels(readings: inout PointReadings, subject: RecomputeSubject, context: OutletContext, affected: TimeSpan, judgedThrough: Date, rules: JudgmentRules,
                         flagEffects: FlagEffects, in db: isolated Database) async throws {
        let recomputation = LevelRecomputation(rules: rules, flagEffects: flagEffects)
        let kinds = LevelRecomputation.suspicionKinds
        let recent = try await suspicions.published(mn: subject.mn, window: affected, kinds: kinds, in: db)
        let window = LevelRecomputation.window(affected: affected, published: recent)
        let previous = try await suspicions.published(mn: subject.mn, window: window, kinds: kinds, in: db)
        let values = try await readings.values(window, in: db)
        let marks = try await JudgmentStore.marks(outletId: subject.outletId, mn: subject.mn, window: window, in: db)
        let limits = try await registry.limitSchedules(context: context, factors: Set(values.map(\.factor)), basis: subject.basis, window: window)
        let result = try recomputation.recompute(subject: subject, window: window, judgedThrough: judgedThrough, values: values, marks: marks,
                                                 limits: limits)
        try await levels.save(result.hours + result.days, mn: subject.mn, rulesVersion: rules.version, in: db)
        try await levels.save(result.quality, mn: subject.mn, judgedThrough: ExceedanceRecomputation.hourFloor(judgedThrough), in: db)
        try await publishSuspicions(previous: previous, current: result.suspicions, inputsHashes: result.inputsHashes, window: window, in: db)

        guard let months = LevelRecomputation.months(around: window, judgedThrough: judgedThrough) else { return }
        let days = try await levels.days(mn: subject.mn, span: months, in: db)
        let flowFactor = ExceedanceRecomputation.flowFactors.sorted().first { days[$0] != nil }
        var monthMeans: [LevelMean] = []
        for factor in days.keys.sorted() {
            let weighted = factor != flowFactor && factor != ExceedanceRecomputation.oxygenFactor
            monthMeans += try recomputation.months(factor: factor, days: days[factor]!, flowDays: weighted ? flowFactor.flatMap { days[$0] } : nil,
                                                   judgedThrough: judgedThrough)
        }
        try await levels.save(monthMeans, mn: subject.mn, rulesVersion: rules.version, in: db)
        let monthQuality = LevelRecomputation.monthQuality(try await levels.dayQuality(mn: subject.mn, subject: subject.pointId, span: months,
                                                                                       in: db))
        try await levels.save(monthQuality, mn: subject.mn, judgedThrough: ExceedanceRecomputation.hourFloor(judgedThrough), in: db)

        let clusteringKinds: Set<String> = [FalsificationSuspicion.Kind.clusteringUnderLimit.rawValue]
        let previousClustering = try await suspicions.published(mn: subject.mn, window: months, kinds: clusteringKinds, in: db)
        var clustering: [FalsificationSuspicionJudgment] = []
        var hashes: [String: String] = [:]
        for factor in limits.keys.sorted() where limits[factor]?.basis == .hour && factor != ExceedanceRecomputation.oxygenFactor
            && !ExceedanceRecomputation.flowFactors.contains(factor) {
            let found = recomputation.clustering(subject: subject, factor: factor,
                                                 hours: try await levels.judgedHours(mn: subject.mn, factor: factor, span: months, in: db),
                                                 judgedThrough: judgedThrough)
            clustering += found.judgments
            hashes.merge(found.inputsHashes) { a, _ in a }
        }
        // Only complete months are judged: a running month's earlier verdict (none) stays.
        let completeEnd = ExceedanceRecomputation.hourFloor(judgedThrough)
        try await publishSuspicions(previous: previousClustering.filter { $0.periodEnd <= completeEnd }, current: clustering,
                                    inputsHashes: hashes, window: months, in: db)
    }
}
