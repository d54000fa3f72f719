import Bus
import Crypto
import Domain
import Foundation
import Pipeline
import Registry
import Runtime
import Store

/// Marks and verdicts in the `marking` schema, inside the caller's transaction: each accepted
/// version goes to `marks` (newest), `mark_versions` (all, with who, when, what changed and why)
/// and `duban.marks` (`cn.duban.mark.v1`, via the outbox); each new verdict to `verdicts` and
/// `duban.marks` (`cn.duban.mark.verdict.v1`), once per verdict id.
struct MarkLedger: Sendable {
    let registry: RegistryReader
    let configuration: MarkingConfiguration
    let logger: Logger
    let outbox = Outbox(schema: MarkingSchema.name)
    static let source = "/duban/marking"
    /// The catalogue as last read, for the per-record work (proposals, sweeps); commands read it fresh.
    private let cached = Locked<(read: Date, catalogue: MarkCatalogue, version: String)?>(nil)
    private static let cacheLifetime: TimeInterval = 300

    init(registry: RegistryReader, configuration: MarkingConfiguration, logger: Logger) {
        self.registry = registry
        self.configuration = configuration
        self.logger = logger
    }

    var reconciler: MarkReconciler { MarkReconciler(checks: configuration.checks) }

    /// The mark catalogue as stored in the registry, with a version naming its content.
    func catalogue() async throws -> (catalogue: MarkCatalogue, version: String) {
        let catalogue = try await registry.ruleCatalogue().marks
        let digest = SHA256.hex(Array(MarksDocument(catalogue: catalogue).text().utf8))
        let version = "marks@\(digest.prefix(12))"
        cached.withLock { $0 = (Date(), catalogue, version) }
        return (catalogue, version)
    }

    /// The catalogue read at most a few minutes ago.
    func recentCatalogue() async throws -> MarkCatalogue {
        if let last = cached.value, Date().timeIntervalSince(last.read) < Self.cacheLifetime { return last.catalogue }
        return try await catalogue().catalogue
    }

    /// The newest version of mark `id`, locked for this transaction.
    func load(_ id: String, in db: isolated Database) async throws -> MarkRecord? {
        let rows = try await db.query("SELECT record::text AS record FROM marking.marks WHERE id = \(id) FOR UPDATE")
        return try rows.first.map { try JSONB(try $0.decode("record", as: String.self)).decode(MarkRecord.self) }
    }

    /// Newest versions of the outlet's active marks meeting `[from, to)`.
    func activeMarks(outletId: String, from: Date, to: Date, in db: isolated Database) async throws -> [MarkRecord] {
        try await db.query("""
            SELECT record::text AS record FROM marking.marks
            WHERE outlet_id = \(outletId) AND status = 'active' AND start_at < \(to) AND end_at > \(from)
            ORDER BY start_at, id
            """).map { try JSONB(try $0.decode("record", as: String.self)).decode(MarkRecord.self) }
    }

    /// Stores an accepted version and publishes it.
    func store(_ record: MarkRecord, previous: MarkRecord?, submission: MarkSubmission, commandId: String,
               acceptance: MarkValidator.Acceptance, in db: isolated Database) async throws {
        let state = try JSONB(encoding: record)
        if previous == nil {
            try await db.execute("""
                INSERT INTO marking.marks (id, version, status, type_id, enterprise_id, outlet_id, mn, start_at, end_at, record, created_at, updated_at)
                VALUES (\(record.id), \(record.version), \(record.status.rawValue), \(record.typeId), \(record.enterpriseId), \(record.outletId),
                        \(record.mn), \(record.start), \(record.end), \(state), \(record.acceptedAt), \(record.acceptedAt))
                """)
        } else {
            try await db.execute("""
                UPDATE marking.marks SET version = \(record.version), status = \(record.status.rawValue), type_id = \(record.typeId),
                    start_at = \(record.start), end_at = \(record.end), record = \(state), updated_at = \(record.acceptedAt)
                WHERE id = \(record.id)
                """)
        }
        try await db.execute("""
            INSERT INTO marking.mark_versions (mark_id, version, action, command_id, submitted_by, role, note, changes, late, correction,
                                               approval_reference, policy_id, record, attachments, accepted_at)
            VALUES (\(record.id), \(record.version), \(submission.action.rawValue), \(commandId), \(submission.submittedBy),
                    \(submission.role.rawValue), \(submission.note), \(try JSONB(encoding: MarkChanges.between(previous, record))),
                    \(acceptance.late), \(acceptance.correction), \(submission.approvalReference), \(acceptance.policyId), \(state),
                    \(try JSONB(encoding: submission.draft?.attachments ?? [])), \(record.acceptedAt))
            """)
        let key = record.mn ?? record.outletId
        try await outbox.append(
            CloudEvent(id: "\(record.id)#v\(record.version)", source: Self.source, type: EventType.mark, time: record.acceptedAt,
                       subject: record.id, data: record),
            topic: BusTopics.marks, key: key, in: db)
    }

    /// Publishes the use of every yearly allowance an accepted version changed (its type's cap in
    /// the policy of the outlet's province; the years its old and new spans touch).
    func publishAllowanceUse(after version: MarkRecord, previous: MarkRecord?, province: String, catalogue: MarkCatalogue, at now: Date,
                             in db: isolated Database) async throws {
        guard let policy = catalogue.policy(province: province, on: CivilDate(chinaTimeOf: version.start)),
              let cap = policy.cap(for: version.typeId)?.yearlyHours, cap > 0 else { return }
        let spans = [version, previous].compactMap { $0 }.map { (start: $0.start, end: $0.end) }
        let years = Set(spans.flatMap { MarkAllowance.hoursByYear(from: $0.start, to: $0.end).keys }).sorted()
        for year in years {
            let from = CivilDate(year: year, month: 1, day: 1)!.startInChina
            let to = CivilDate(year: year + 1, month: 1, day: 1)!.startInChina
            let marks = try await activeMarks(outletId: version.outletId, from: from, to: to, in: db)
            let used = MarkAllowance.hoursUsed(of: version.typeId, outletId: version.outletId, year: year, marks: marks)
            let id = MarkAllowanceUse.id(outletId: version.outletId, typeId: version.typeId, year: year)
            let known = try await db.query("SELECT version, hours_used FROM marking.allowance_use WHERE id = \(id) FOR UPDATE").first
            let last = try known.map { (try $0.decode("version", as: Int.self), try $0.decode("hours_used", as: Double.self)) }
            if let last, abs(last.1 - used) < 1e-9 { continue }
            let next = (last?.0 ?? 0) + 1
            try await db.execute("""
                INSERT INTO marking.allowance_use (id, version, hours_used, updated_at) VALUES (\(id), \(next), \(used), \(now))
                ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, hours_used = EXCLUDED.hours_used, updated_at = EXCLUDED.updated_at
                """)
            let use = MarkAllowanceUse(
                id: id, version: next, enterpriseId: version.enterpriseId, outletId: version.outletId, typeId: version.typeId,
                typeNameZh: catalogue.type(id: version.typeId)?.nameZh ?? version.typeId, year: year, hoursUsed: used, yearlyCapHours: cap,
                policyId: policy.id, policyRuleVersion: policy.ruleVersion, markId: version.id, markVersion: version.version, computedAt: now)
            try await outbox.append(
                CloudEvent(id: "\(id)#v\(next)", source: Self.source, type: EventType.markAllowance, time: now, subject: version.outletId, data: use),
                topic: BusTopics.marks, key: version.outletId, in: db)
        }
    }

    /// Reconciles one mark version with the stored samples and the outlet's other marks and
    /// publishes the verdicts not published before.
    func reconcile(_ mark: MarkRecord, unit: ProductionUnit?, at now: Date, in db: isolated Database) async throws {
        let codes = Set(configuration.checks.rules.map(\.parameterCode).filter { !$0.isEmpty })
        let samples = try await self.samples(outletId: mark.outletId, codes: codes, from: mark.start, to: mark.end, in: db)
        let lookBack = (configuration.checks.rules.map(\.withinMinutes).max() ?? 0) * 60
        let others = try await activeMarks(outletId: mark.outletId, from: mark.start.addingTimeInterval(-lookBack - 1), to: mark.end, in: db)
        for verdict in reconciler.reconcile(mark, unitType: unit?.type, unitCapacity: unit?.capacity, samples: samples, otherMarks: others,
                                            decidedAt: now) {
            try await publish(verdict, in: db)
        }
    }

    func samples(outletId: String, codes: Set<String>, from: Date, to: Date, in db: isolated Database) async throws -> [ParameterSample] {
        guard !codes.isEmpty else { return [] }
        return try await db.query("""
            SELECT code, data_time, value FROM marking.parameter_samples
            WHERE outlet_id = \(outletId) AND data_time >= \(from) AND data_time < \(to)
            ORDER BY data_time
            """).compactMap { row in
            let code = try row.decode("code", as: String.self)
            guard codes.contains(code) else { return nil }
            return ParameterSample(code: code, time: try row.decode("data_time", as: Date.self), value: try row.decode("value", as: Double.self))
        }
    }

    /// Stores and publishes `verdict` unless a verdict with its id already exists.
    func publish(_ verdict: MarkVerdict, in db: isolated Database) async throws {
        let inserted = try await db.execute("""
            INSERT INTO marking.verdicts (id, kind, rule_id, mark_id, mark_version, enterprise_id, outlet_id, start_at, end_at, verdict, decided_at)
            VALUES (\(verdict.id), \(verdict.kind.rawValue), \(verdict.ruleId), \(verdict.markId), \(verdict.markVersion), \(verdict.enterpriseId),
                    \(verdict.outletId), \(verdict.start), \(verdict.end), \(try JSONB(encoding: verdict)), \(verdict.decidedAt))
            ON CONFLICT (id) DO NOTHING
            """)
        guard inserted == 1 else { return }
        try await outbox.append(
            CloudEvent(id: "verdict:\(verdict.id)", source: Self.source, type: EventType.markVerdict, time: verdict.decidedAt,
                       subject: verdict.markId ?? verdict.outletId, data: verdict),
            topic: BusTopics.marks, key: verdict.mn ?? verdict.outletId, in: db)
        if verdict.kind != .consistent {
            logger.notice("mark verdict", metadata: [
                "verdict": "\(verdict.kind.rawValue)", "rule": "\(verdict.ruleId)", "mark": "\(verdict.markId ?? "-")", "outlet": "\(verdict.outletId)",
            ])
        }
    }
}
