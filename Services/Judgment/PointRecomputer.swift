import Bus
import Domain
import Foundation
import Pipeline
import Registry
import Runtime
import Store

/// Recomputes what depends on a changed span of one monitoring point (new data, a changed mark)
/// and publishes every judgment that changed as a new version, inside the caller's transaction:
/// stored rows → `ExceedanceRecomputation` (widened until every episode touching the span is
/// whole) → `JudgmentPublication.reconcile` against the versions published → `judgments`,
/// `judgment_versions` and the outbox.
struct PointRecomputer: Sendable {
    let registry: RegistryReader
    let ruleBook: JudgmentRuleBook
    let codeRules: CodeRulesCache
    let store = JudgmentStore()
    let abnormal = AbnormalStore()
    let suspicions = SuspicionStore()
    let totals = TotalsStore()
    let levels = LevelStore()
    let sites = SiteInformationStore()
    let outbox = Outbox(schema: JudgmentSchema.name)
    let logger: Logger
    static let source = "/duban/judgment"

    func recompute(mn: String, affected: TimeSpan, in db: isolated Database) async throws {
        guard let judgedThrough = try await store.judgedThrough(mn: mn, in: db), judgedThrough > affected.start else { return }
        guard let (subject, point) = try await subject(mn: mn, at: affected.start) else { return }
        guard let rules = ruleBook.rules(at: affected.start) else {
            throw HandlingError.permanent("no judgment rules version is in force at \(affected.start)")
        }
        let flagEffects = FlagEffects(codeRules: try await codeRules.get(), protocol: point.protocolVersion)
        var readings = PointReadings(mn: mn)
        var previous: [ExceedanceJudgment] = []
        let (window, result) = try await ExceedanceRecomputation(rules: rules, flagEffects: flagEffects).recomputeWidening(
            subject: subject, affected: affected, judgedThrough: judgedThrough
        ) { window in
            previous = try await store.published(outletId: subject.outletId, mn: mn, window: window, in: db)
            let values = try await readings.values(window, in: db)
            return ExceedanceRecomputation.WindowInputs(
                values: values, marks: try await JudgmentStore.marks(outletId: subject.outletId, mn: mn, window: window, in: db),
                limits: try await registry.limitSchedules(context: point.context, factors: Set(values.map(\.factor)), basis: subject.basis,
                                                          window: window),
                mustCover: previous.filter { $0.status != .withdrawn }.compactMap { TimeSpan(start: $0.periodStart, end: $0.periodEnd) })
        }
        for mismatch in result.mismatches where affected.contains(mismatch.hourStart) {
            logger.warning("device hourly mean disagrees with its minutes; the recomputed mean is judged", metadata: [
                "mn": mn, "factor": mismatch.factor, "hour": "\(mismatch.hourStart)", "device": "\(mismatch.deviceMean)",
                "recomputed": "\(mismatch.recomputedMean)",
            ])
        }
        // Findings first: Dispatch then knows of a fault before an exceedance it explains.
        try await recomputeAbnormal(readings: &readings, subject: subject, factors: point.factors, affected: affected, judgedThrough: judgedThrough,
                                    rules: rules, flagEffects: flagEffects, in: db)
        try await recomputeSuspicions(readings: &readings, subject: subject, affected: affected, judgedThrough: judgedThrough, rules: rules,
                                      flagEffects: flagEffects, in: db)
        try await recomputeTotals(readings: &readings, subject: subject, affected: affected, judgedThrough: judgedThrough, rules: rules,
                                  flagEffects: flagEffects, in: db)
        try await recomputeLevels(readings: &readings, subject: subject, context: point.context, affected: affected, judgedThrough: judgedThrough, rules: rules,
                                  flagEffects: flagEffects, in: db)
        for change in JudgmentPublication.reconcile(previous: previous, current: result.judgments) {
            try await store.save(change, inputsHash: result.inputsHashes[change.id], in: db)
            let event = CloudEvent(id: "\(change.id)#v\(change.version)", source: Self.source, type: EventType.exceedance,
                                   time: Date(), subject: change.outletId, data: change)
            try await outbox.append(event, topic: BusTopics.judgments, key: change.outletId, in: db)
            logger.notice("exceedance judged", metadata: [
                "judgment": change.id, "version": "\(change.version)", "status": change.status.rawValue, "mn": mn, "factor": change.factor,
                "value": "\(change.value)", "limit": "\(change.limit)", "window": "\(window)",
            ])
        }
    }
}

extension PointRecomputer {
    /// The point as the registry has it at `instant`, and the subject of its judgments; nil (and a
    /// warning) for a point the registry does not know: its data is stored, not judged.
    func subject(mn: String, at instant: Date) async throws -> (RecomputeSubject, MonitoringPointInfo)? {
        guard let point = try await registry.monitoringPoint(mn: mn, at: instant) else {
            logger.warning("data from an unregistered point; stored, not judged", metadata: ["mn": mn])
            return nil
        }
        let subject = RecomputeSubject(
            mn: mn, pointId: point.pointId, outletId: point.outletId, outletName: point.outletName, enterpriseId: point.enterpriseId,
            enterpriseName: point.enterpriseName, medium: point.context.outlet.medium,
            basis: point.context.outlet.judgedBasis ?? point.context.outlet.medium.defaultBasis, countyCode: point.countyCode,
            cityCode: point.cityCode)
        return (subject, point)
    }
}

extension PointRecomputer {
    /// Abnormal operation of the equipment over the affected span (looking back a day, and to the
    /// start of every finding published there), with the equipment states (i12001) stored in
    /// `site_information`: `AbnormalRecomputation` → `JudgmentPublication`
    /// against the versions published → `abnormal_findings`, `judgment_versions` and the outbox.
    func recomputeAbnormal(readings: inout PointReadings, subject: RecomputeSubject, factors: [MonitoringPoint.Factor], affected: TimeSpan, judgedThrough: Date,
                           rules: JudgmentRules, flagEffects: FlagEffects, in db: isolated Database) async throws {
        // A gap's number in the quarter and the exemption are the outlet's, over all its points:
        // one recomputation at a time per outlet settles them (`OutletGapSequence`).
        try await abnormal.lockGaps(outletId: subject.outletId, in: db)
        let recent = try await abnormal.published(mn: subject.mn, window: affected, in: db)
        let window = AbnormalRecomputation.window(affected: affected, published: recent)
        let previous = try await abnormal.published(mn: subject.mn, window: window, in: db)
        let values = try await readings.values(window, in: db)
        let marks = try await JudgmentStore.marks(outletId: subject.outletId, mn: subject.mn, window: window, in: db)
        // The state in force when the window opens (reported at most a hold before it) and every change in it.
        let hold = TimeInterval(rules.equipment.statusHoldMinutes * 60)
        let states = try await abnormal.equipmentStates(mn: subject.mn, polIds: Set(values.map(\.factor)).sorted(),
                                                        from: window.start.addingTimeInterval(-hold), to: window.end, in: db)
        var rangeHighs: [String: Double] = [:]
        for factor in factors { if let high = factor.rangeHigh { rangeHighs[factor.code] = high } }
        let result = try AbnormalRecomputation(rules: rules, flagEffects: flagEffects).recompute(
            subject: subject, window: window, judgedThrough: judgedThrough, values: values, marks: marks, rangeHighs: rangeHighs,
            statusReports: states)
        var outletGaps: [AbnormalOperationJudgment] = []
        var outletHashes: [String: String] = [:]
        for quarter in OutletGapSequence.quarters(of: previous + result.judgments) {
            for (gap, hash) in try await abnormal.gaps(outletId: subject.outletId, quarter: quarter, in: db) {
                outletGaps.append(gap)
                outletHashes[gap.id] = hash
            }
        }
        let settlement = OutletGapSequence.settle(recomputed: result.judgments, replacing: previous, published: outletGaps, rules: rules)
        let changes = JudgmentPublication.reconcile(previous: previous, current: settlement.current).map { ($0, result.inputsHashes[$0.id]) }
            + settlement.republished.map { ($0, outletHashes[$0.id]) }
        for (change, inputsHash) in changes {
            try await abnormal.save(change, inputsHash: inputsHash, in: db)
            let event = CloudEvent(id: "\(change.id)#v\(change.version)", source: Self.source, type: EventType.abnormalOperation,
                                   time: Date(), subject: change.outletId, data: change)
            try await outbox.append(event, topic: BusTopics.judgments, key: change.outletId, in: db)
            logger.notice("abnormal operation judged", metadata: [
                "judgment": change.id, "version": "\(change.version)", "status": change.status.rawValue, "kind": change.kind, "mn": subject.mn,
                "factors": change.factors.joined(separator: ","), "exempted": "\(change.exemption.used)",
                "occurrenceInQuarter": change.occurrencesInQuarter.map { "\($0)" } ?? "-", "window": "\(window)",
            ])
        }
    }
}

/// The code rules (what each data flag does to validity), read from the registry once they are
/// there: the catalogue may be imported after the service started.
final class CodeRulesCache: Sendable {
    let registry: RegistryReader
    private let cached = Locked<CodeRules?>(nil)

    init(registry: RegistryReader) { self.registry = registry }

    func get() async throws -> CodeRules {
        if let rules = cached.withLock({ $0 }) { return rules }
        let rules = try await registry.ruleCatalogue().codeRules
        cached.withLock { $0 = rules }
        return rules
    }
}
