import Domain
import Foundation
import Registry
import Runtime
import Store

/// Every interval, closes the proposals no device signal extended for longer than the gap, and
/// looks for abnormal periods nobody marked by the deadline (missed marks): stops the parameters
/// show (for each outlet with samples since the oldest period that can still be marked, the
/// missed-stop rules over its samples and active marks) and exceedances Judgment still stands
/// for, under the marking policy of the outlet's province; an unmarked stop that has ended but is
/// not yet due is proposed instead. Verdict and proposal ids are stable, so a period is reported
/// once however often the sweep runs and however many replicas run it.
final class MissedMarkSweep: Service {
    let name = "missed-marks"
    private let ledger: MarkLedger
    private let database: Database
    private let interval: Duration
    private let logger: Logger
    private let stopped = AsyncLatch()

    init(ledger: MarkLedger, database: Database, interval: Duration, logger: Logger) {
        self.ledger = ledger
        self.database = database
        self.interval = interval
        self.logger = logger
    }

    func run() async throws {
        while !stopped.isOpen {
            do { try await sweep(now: Date()) } catch {
                logger.error("missed-mark sweep failed; retrying next interval", metadata: ["error": "\(error)"])
            }
            let next = ContinuousClock.now + interval
            while !stopped.isOpen, ContinuousClock.now < next { try? await Task.sleep(for: .milliseconds(200)) }
        }
    }

    func shutdown() async { stopped.open() }

    func sweep(now: Date) async throws {
        let proposals = ProposalBook(ledger: ledger, logger: logger)
        try await database.transaction { db in try await proposals.closeStale(now: now, in: db) }
        let checks = ledger.configuration.checks.rules
        guard checks.contains(where: { $0.kind == .missedStop || $0.kind == .missedExceedance }) else { return }
        let catalogue = try await ledger.catalogue().catalogue
        try await sweepStops(now: now, catalogue: catalogue, proposals: proposals)
        try await sweepExceedances(now: now, catalogue: catalogue)
        try await sweepGaps(now: now, catalogue: catalogue)
        try await sweepProposals(now: now, catalogue: catalogue)
    }

    /// Stops and start-ups the parameters show, per outlet with samples.
    private func sweepStops(now: Date, catalogue: MarkCatalogue, proposals: ProposalBook) async throws {
        let rules = ledger.configuration.checks.rules.filter { $0.kind == .missedStop }
        guard !rules.isEmpty else { return }
        let since = unlockedSince(now: now, catalogue: catalogue)
        let codes = Set(rules.map(\.parameterCode))
        let outlets = try await database.query("""
            SELECT DISTINCT outlet_id, mn FROM marking.parameter_samples WHERE data_time >= \(since) ORDER BY outlet_id
            """).map { (outlet: try $0.decode("outlet_id", as: String.self), mn: try $0.decode("mn", as: String.self)) }
        var seen = Set<String>()
        for (outletId, mn) in outlets where seen.insert(outletId).inserted {
            guard let context = try await ledger.registry.outletContext(id: outletId, at: now) else { continue }
            guard let policy = catalogue.policy(province: context.province?.code ?? "national", on: CivilDate(chinaTimeOf: now)) else { continue }
            try await database.transaction { [ledger] db in
                let samples = try await ledger.samples(outletId: outletId, codes: codes, from: since, to: now, in: db)
                let marks = try await ledger.activeMarks(outletId: outletId, from: since, to: now, in: db)
                let verdicts = ledger.reconciler.missedStops(
                    enterpriseId: context.enterprise.id, outletId: outletId, mn: mn, unitType: context.unit?.type, samples: samples,
                    marks: marks, now: now, deadline: policy.deadline(forDataAt:))
                for verdict in verdicts { try await ledger.publish(verdict, in: db) }
                // Before the deadline, the enterprise is offered the mark instead.
                for stop in ledger.reconciler.unmarkedStops(outletId: outletId, unitType: context.unit?.type, samples: samples, marks: marks)
                where policy.deadline(forDataAt: stop.start) > now {
                    try await proposals.propose(stop, enterpriseId: context.enterprise.id, outletId: outletId, mn: mn, catalogue: catalogue,
                                                at: now, in: db)
                }
            }
        }
    }

    /// Proposals (calibration, maintenance the devices flagged) closed without an answer once
    /// their marking deadline has passed, per outlet.
    private func sweepProposals(now: Date, catalogue: MarkCatalogue) async throws {
        let types = Set(ledger.configuration.checks.rules.filter { $0.kind == .missedProposal }.flatMap(\.markTypes))
        guard !types.isEmpty else { return }
        let proposals = try await records(MarkProposal.self, """
            SELECT record::text AS record FROM marking.proposals
            WHERE status = 'closed' AND start_at >= \(unlockedSince(now: now, catalogue: catalogue)) AND start_at < \(now)
            ORDER BY outlet_id, start_at
            """).filter { types.contains($0.typeId) }
        try await publishMissed(proposals, outletId: \.outletId, start: \.start, end: \.end, now: now, catalogue: catalogue) { reconciler, own, marks, deadline in
            reconciler.missedProposals(own, marks: marks, now: now, deadline: deadline)
        }
    }

    /// Data gaps (Judgment's missing-data / communication-loss findings) still standing whose
    /// marking deadline has passed, per outlet.
    private func sweepGaps(now: Date, catalogue: MarkCatalogue) async throws {
        guard ledger.configuration.checks.rules.contains(where: { $0.kind == .missedGap }) else { return }
        let findings = try await records(AbnormalOperationJudgment.self, """
            SELECT record::text AS record FROM marking.abnormal_findings
            WHERE status <> 'withdrawn' AND period_start >= \(unlockedSince(now: now, catalogue: catalogue)) AND period_start < \(now)
            ORDER BY outlet_id, period_start
            """)
        try await publishMissed(findings, outletId: \.outletId, start: \.periodStart, end: \.periodEnd, now: now, catalogue: catalogue) { reconciler, own, marks, deadline in
            reconciler.missedGaps(own, marks: marks, now: now, deadline: deadline)
        }
    }

    /// Exceedances still standing whose marking deadline has passed, per outlet.
    private func sweepExceedances(now: Date, catalogue: MarkCatalogue) async throws {
        guard ledger.configuration.checks.rules.contains(where: { $0.kind == .missedExceedance }) else { return }
        let exceedances = try await records(ExceedanceJudgment.self, """
            SELECT record::text AS record FROM marking.exceedances
            WHERE status <> 'withdrawn' AND period_start >= \(unlockedSince(now: now, catalogue: catalogue)) AND period_start < \(now)
            ORDER BY outlet_id, period_start
            """)
        try await publishMissed(exceedances, outletId: \.outletId, start: \.periodStart, end: \.periodEnd, now: now, catalogue: catalogue) { reconciler, own, marks, deadline in
            reconciler.missedExceedances(own, marks: marks, now: now, deadline: deadline)
        }
    }

    /// Older periods are locked: their marks can no longer change, nor can what is missed.
    private func unlockedSince(now: Date, catalogue: MarkCatalogue) -> Date {
        let lockDays = catalogue.policies.map(\.lockDays).max() ?? 0
        return CivilDate(chinaTimeOf: now).adding(days: -(lockDays + 1)).startInChina
    }

    /// The `record` column of each row, decoded.
    private func records<Record: Decodable>(_ type: Record.Type, _ query: Query) async throws -> [Record] {
        try await database.query(query).map { try JSONB(try $0.decode("record", as: String.self)).decode(Record.self) }
    }

    /// Per outlet, under the marking policy in force: the verdicts `missed` finds among the items
    /// given the outlet's active marks over their span, each published once (a verdict id already
    /// published is skipped by the ledger).
    private func publishMissed<Item: Sendable>(
        _ items: [Item], outletId: KeyPath<Item, String> & Sendable, start: KeyPath<Item, Date> & Sendable,
        end: KeyPath<Item, Date> & Sendable, now: Date, catalogue: MarkCatalogue,
        missed: @escaping @Sendable (MarkReconciler, [Item], [MarkRecord], @escaping (Date) -> Date) -> [MarkVerdict]
    ) async throws {
        for (outlet, own) in Dictionary(grouping: items, by: { $0[keyPath: outletId] }).sorted(by: { $0.key < $1.key }) {
            guard let context = try await ledger.registry.outletContext(id: outlet, at: now),
                  let policy = catalogue.policy(province: context.province?.code ?? "national", on: CivilDate(chinaTimeOf: now)) else { continue }
            let from = own.map { $0[keyPath: start] }.min() ?? now
            let to = own.map { $0[keyPath: end] }.max() ?? now
            try await database.transaction { [ledger] db in
                let marks = try await ledger.activeMarks(outletId: outlet, from: from, to: to, in: db)
                for verdict in missed(ledger.reconciler, own, marks, policy.deadline(forDataAt:)) {
                    try await ledger.publish(verdict, in: db)
                }
            }
        }
    }
}
