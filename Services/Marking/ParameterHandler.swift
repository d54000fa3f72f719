import Bus
import Domain
import Foundation
import Pipeline
import Registry
import Runtime
import Store

/// Keeps the operating-parameter samples the reconciliation rules name (`duban.params` process
/// parameters such as `e20101-Rtd`, and `duban.measurements` factors such as wastewater flow
/// `w00000`), per outlet, and reconciles every active mark the new sample falls in, so a verdict
/// follows late data. Samples of points the registry does not know are ignored. Also keeps the
/// exceedances Judgment publishes, which the missed-mark sweep checks against the marks.
struct ParameterHandler: Sendable {
    let ledger: MarkLedger
    let logger: Logger
    /// MN → the point as the registry said, kept a few minutes: params arrive every minute.
    private let points = Locked<[String: (fetched: Date, info: MonitoringPointInfo?)]>([:])
    private let pointTTL: TimeInterval = 300

    private let proposals: ProposalBook

    init(ledger: MarkLedger, logger: Logger) {
        self.ledger = ledger
        self.logger = logger
        proposals = ProposalBook(ledger: ledger, logger: logger)
    }

    private var codes: Set<String> { Set(ledger.configuration.checks.rules.map(\.parameterCode).filter { !$0.isEmpty }) }

    func handleParams(_ db: isolated Database, _ record: ConsumedRecord, _ envelope: CloudEvent<AnyPayload>) async throws {
        let params = try record.event(ParamsRecord.self, "ParamsRecord").data
        guard let dataTime = params.dataTime else { return }
        let wanted = codes
        // One value per code: the period average when sent, else the real-time value.
        var values: [String: Double] = [:]
        for item in params.items {
            let parts = item.key.split(separator: "-", maxSplits: 1).map(String.init)
            guard parts.count == 2, wanted.contains(parts[0]), let value = Double(item.value) else { continue }
            if parts[1] == "Avg" || (parts[1] == "Rtd" && values[parts[0]] == nil) { values[parts[0]] = value }
        }
        let signals = MarkProposer(catalogue: try await ledger.recentCatalogue()).signals(in: params)
        try await store(values, signals: signals, quietFactors: [], mn: params.mn, at: dataTime, in: db)
    }

    func handleMeasurement(_ db: isolated Database, _ record: ConsumedRecord, _ envelope: CloudEvent<AnyPayload>) async throws {
        let measurement = try record.event(MeasurementRecord.self, "MeasurementRecord").data
        let wanted = codes
        var values: [String: Double] = [:]
        for reading in measurement.readings where wanted.contains(reading.factor) {
            if let value = reading.avg ?? reading.rtd { values[reading.factor] = value }
        }
        let (signals, quiet) = MarkProposer(catalogue: try await ledger.recentCatalogue()).signals(in: measurement)
        try await store(values, signals: signals, quietFactors: quiet, mn: measurement.mn, at: measurement.dataTime, in: db)
    }

    /// Keeps the newest version of each exceedance, for the missed-mark sweep.
    func handleExceedance(_ db: isolated Database, _ record: ConsumedRecord, _ envelope: CloudEvent<AnyPayload>) async throws {
        let exceedance = try record.event(ExceedanceJudgment.self, "ExceedanceJudgment").data
        try await db.execute("""
            INSERT INTO marking.exceedances (id, version, status, outlet_id, period_start, period_end, record)
            VALUES (\(exceedance.id), \(exceedance.version), \(exceedance.status.rawValue), \(exceedance.outletId), \(exceedance.periodStart),
                    \(exceedance.periodEnd), \(try JSONB(encoding: exceedance)))
            ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, status = EXCLUDED.status, period_start = EXCLUDED.period_start,
                period_end = EXCLUDED.period_end, record = EXCLUDED.record
            WHERE marking.exceedances.version < EXCLUDED.version
            """)
    }

    /// Keeps the newest version of each abnormal-operation finding; the sweep looks for gaps left
    /// unmarked (only the kinds a `missed-gap` rule names are kept).
    func handleAbnormal(_ db: isolated Database, _ record: ConsumedRecord, _ envelope: CloudEvent<AnyPayload>) async throws {
        let finding = try record.event(AbnormalOperationJudgment.self, "AbnormalOperationJudgment").data
        guard ledger.configuration.checks.rules.contains(where: { $0.kind == .missedGap && $0.findingKinds.contains(finding.kind) }) else { return }
        try await db.execute("""
            INSERT INTO marking.abnormal_findings (id, version, status, kind, outlet_id, period_start, period_end, record)
            VALUES (\(finding.id), \(finding.version), \(finding.status.rawValue), \(finding.kind), \(finding.outletId), \(finding.periodStart),
                    \(finding.periodEnd), \(try JSONB(encoding: finding)))
            ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, status = EXCLUDED.status, period_start = EXCLUDED.period_start,
                period_end = EXCLUDED.period_end, record = EXCLUDED.record
            WHERE marking.abnormal_findings.version < EXCLUDED.version
            """)
    }

    private func store(_ values: [String: Double], signals: [MarkSignal], quietFactors: Set<String>, mn: String, at dataTime: Date,
                       in db: isolated Database) async throws {
        guard !values.isEmpty || !signals.isEmpty || !quietFactors.isEmpty, let point = try await point(mn: mn, at: dataTime) else { return }
        try await proposals.apply(signals, quietFactors: quietFactors, point: point, catalogue: try await ledger.recentCatalogue(), at: dataTime, in: db)
        guard !values.isEmpty else { return }
        for (code, value) in values.sorted(by: { $0.key < $1.key }) {
            try await db.execute("""
                INSERT INTO marking.parameter_samples (outlet_id, code, data_time, mn, value)
                VALUES (\(point.outletId), \(code), \(dataTime), \(mn), \(value))
                ON CONFLICT (outlet_id, code, data_time) DO UPDATE SET value = EXCLUDED.value, mn = EXCLUDED.mn
                """)
        }
        let now = Date()
        let covering = try await ledger.activeMarks(outletId: point.outletId, from: dataTime, to: dataTime.addingTimeInterval(0.001), in: db)
        for mark in covering {
            try await ledger.reconcile(mark, unit: point.context.unit, at: now, in: db)
        }
    }

    private func point(mn: String, at instant: Date) async throws -> MonitoringPointInfo? {
        let now = Date()
        if let cached = points.withLock({ $0[mn] }), now.timeIntervalSince(cached.fetched) < pointTTL { return cached.info }
        let info = try await ledger.registry.monitoringPoint(mn: mn, at: instant)
        points.withLock { $0[mn] = (now, info) }
        return info
    }
}
