import Bus
import Crypto
import Domain
import Foundation
import Pipeline
import Registry
import Runtime
import Store

/// Applies mark commands from `duban.commands` (`cn.duban.mark.command.v1`): resolves the subject
/// in the registry as it was at the mark's start, validates the submission against the mark
/// catalogue, the policy in force and the outlet's other marks, then stores and publishes the
/// accepted version and reconciles it. A refusal changes no mark; it is kept in
/// `marking.command_refusals` and published on `duban.marks` as
/// `cn.duban.mark.command.refused.v1` with every rule broken. A command that does not decode is
/// refused the same way (`invalid_input`): neither stops the consumer.
struct MarkCommandHandler: Sendable {
    let ledger: MarkLedger
    let logger: Logger
    private let accepted = MetricsRegistry.shared.counter("duban_marking_commands_total", help: "Mark commands by outcome", labels: ["outcome": "accepted"])
    private let refused = MetricsRegistry.shared.counter("duban_marking_commands_total", help: "Mark commands by outcome", labels: ["outcome": "refused"])

    init(ledger: MarkLedger, logger: Logger) {
        self.ledger = ledger
        self.logger = logger
    }

    /// What the registry says about the mark's subject.
    private struct Subject {
        var context: OutletContext
        var mn: String?
        var pointFactors: Set<String>?
    }

    func handle(_ db: isolated Database, _ record: ConsumedRecord, _ envelope: CloudEvent<AnyPayload>) async throws {
        guard envelope.type == MarkCommandMessage.eventType else { return }
        let now = Date()
        let message: MarkCommandMessage
        do { message = try CloudEvent<MarkCommandMessage>.decode(record.value).data } catch {
            let refusal = MarkCommandRefusal(commandId: envelope.id, action: .create, markId: "", outletId: "", mn: nil, submittedBy: "?", role: "?",
                                             problems: [.init(.invalidInput, "标记指令无法解析：\(error)")], refusedAt: now)
            try await self.refuse(refusal, key: envelope.subject ?? envelope.id, in: db)
            return
        }
        let submission = message.submission
        func refuseSubmission(_ problems: [MarkValidationProblem], outletId: String = "", mn: String? = nil) async throws {
            let refusal = MarkCommandRefusal(commandId: message.commandId, action: submission.action, markId: submission.markId ?? "",
                                             outletId: outletId.isEmpty ? (submission.draft?.outletId ?? "") : outletId,
                                             mn: mn ?? submission.draft?.mn, submittedBy: submission.submittedBy, role: submission.role.rawValue,
                                             problems: problems, refusedAt: now)
            try await self.refuse(refusal, key: message.key, in: db)
        }
        if submission.action == .rejectProposal {
            if let problems = try await rejectProposal(submission, at: now, in: db) { try await refuseSubmission(problems) }
            return
        }
        var previous: MarkRecord?
        if submission.action != .create, let markId = submission.markId, !markId.isEmpty {
            previous = try await ledger.load(markId, in: db)
        }
        let subject: Subject
        switch try await resolveSubject(submission, previous: previous) {
        case .success(let found): subject = found
        case .failure(let refusal):
            try await refuseSubmission(refusal.problems)
            return
        }
        let (catalogue, catalogueVersion) = try await ledger.catalogue()
        let validator = MarkValidator(catalogue: catalogue, settings: ledger.configuration.checks.settings)
        // Others of the outlet in the calendar years the change touches (overlap and yearly caps).
        let spanStart = [submission.draft?.start, previous?.start].compactMap { $0 }.min() ?? now
        let spanEnd = [submission.draft?.end, previous?.end].compactMap { $0 }.max() ?? now
        let yearStart = CivilDate(year: CivilDate(chinaTimeOf: spanStart).year, month: 1, day: 1)!.startInChina
        let yearEnd = CivilDate(year: CivilDate(chinaTimeOf: spanEnd).year + 1, month: 1, day: 1)!.startInChina
        let others = try await ledger.activeMarks(outletId: subject.context.outlet.id, from: yearStart, to: yearEnd, in: db)
            .filter { $0.id != submission.markId }
        let context = MarkValidationContext(
            enterpriseId: subject.context.enterprise.id, outletId: subject.context.outlet.id, industry: subject.context.enterprise.industry,
            unitType: subject.context.unit?.type, province: subject.context.province?.code ?? "national", pointFactors: subject.pointFactors,
            previous: previous, others: others, now: now)
        switch validator.validate(submission, context: context) {
        case .failure(let refusal):
            try await refuseSubmission(refusal.problems, outletId: subject.context.outlet.id, mn: subject.mn)
        case .success(let acceptance):
            guard let version = makeRecord(submission, previous: previous, subject: subject, catalogue: catalogue,
                                           catalogueVersion: catalogueVersion, commandId: message.commandId, at: now) else {
                // The validator accepts a create or amend only with a draft of a catalogued type.
                try await refuseSubmission([.init(.incomplete, "标记内容不完整")], outletId: subject.context.outlet.id, mn: subject.mn)
                return
            }
            try await ledger.store(version, previous: previous, submission: submission, commandId: message.commandId, acceptance: acceptance, in: db)
            try await ledger.reconcile(version, unit: subject.context.unit, at: now, in: db)
            try await ledger.publishAllowanceUse(after: version, previous: previous, province: subject.context.province?.code ?? "national",
                                                 catalogue: catalogue, at: now, in: db)
            if submission.action == .create, let proposalId = submission.proposalId, !proposalId.isEmpty,
               try await !ProposalBook(ledger: ledger, logger: logger).confirm(proposalId, by: version.id, at: now, in: db) {
                logger.warning("mark names an unknown proposal", metadata: ["mark": "\(version.id)", "proposal": "\(proposalId)"])
            }
            accepted.increment()
            logger.info("mark accepted", metadata: [
                "mark": "\(version.id)", "version": "\(version.version)", "action": "\(submission.action.rawValue)", "type": "\(version.typeId)",
                "outlet": "\(version.outletId)", "late": "\(acceptance.late)", "correction": "\(acceptance.correction)",
            ])
        }
    }

    /// Rejects a proposal; the problems when it cannot be.
    private func rejectProposal(_ submission: MarkSubmission, at now: Date, in db: isolated Database) async throws -> [MarkValidationProblem]? {
        // The validator checks the form (proposal id, reason); the book whether it can be rejected.
        let validator = MarkValidator(catalogue: try await ledger.recentCatalogue(), settings: ledger.configuration.checks.settings)
        let context = MarkValidationContext(enterpriseId: "", outletId: "", industry: .thermalPower, unitType: nil, province: "", pointFactors: nil,
                                            previous: nil, others: [], now: now)
        if case .failure(let refusal) = validator.validate(submission, context: context) { return refusal.problems }
        let book = ProposalBook(ledger: ledger, logger: logger)
        if let problem = try await book.reject(submission.proposalId ?? "", by: submission.submittedBy, note: submission.note ?? "", at: now, in: db) {
            return [problem]
        }
        accepted.increment()
        logger.info("mark proposal rejected", metadata: ["proposal": "\(submission.proposalId ?? "")", "by": "\(submission.submittedBy)"])
        return nil
    }

    private func resolveSubject(_ submission: MarkSubmission, previous: MarkRecord?) async throws -> Result<Subject, MarkRefusalList> {
        let draft = submission.draft
        let at = draft?.start ?? previous?.start ?? Date()
        let mn = draft?.mn ?? (submission.action == .withdraw ? previous?.mn : nil)
        if let mn {
            guard let point = try await ledger.registry.monitoringPoint(mn: mn, at: at) else {
                return .failure(.init(.subjectUnknown, "登记信息中没有 \(ChinaTime.text(at)) 有效的监测点 MN \(mn)"))
            }
            if let outlet = draft?.outletId, outlet != point.outletId {
                return .failure(.init(.subjectUnknown, "监测点 \(mn) 属于排放口 \(point.outletId)，不属于 \(outlet)"))
            }
            return .success(Subject(context: point.context, mn: mn, pointFactors: Set(point.factors.map(\.code))))
        }
        guard let outletId = draft?.outletId ?? previous?.outletId else {
            if submission.action == .create || draft != nil {
                return .failure(.init(.incomplete, "标记须指定排放口或监测点（MN）"))
            }
            // Amend or withdraw of a mark that does not exist: the validator names it.
            return .failure(.init(.markNotFound, "没有编号为「\(submission.markId ?? "")」的标记"))
        }
        guard let context = try await ledger.registry.outletContext(id: outletId, at: at) else {
            return .failure(.init(.subjectUnknown, "登记信息中没有 \(ChinaTime.text(at)) 有效的排放口 \(outletId)"))
        }
        return .success(Subject(context: context, mn: nil, pointFactors: nil))
    }

    private func makeRecord(_ submission: MarkSubmission, previous: MarkRecord?, subject: Subject, catalogue: MarkCatalogue,
                            catalogueVersion: String, commandId: String, at now: Date) -> MarkRecord? {
        let id = previous?.id ?? "MK-\(SHA256.hex(Array(commandId.utf8)).prefix(16).uppercased())"
        let version = (previous?.version ?? 0) + 1
        if submission.action == .withdraw, var withdrawn = previous {
            withdrawn.version = version
            withdrawn.status = .withdrawn
            withdrawn.submittedBy = submission.submittedBy
            withdrawn.role = submission.role.rawValue
            withdrawn.acceptedAt = now
            withdrawn.catalogueVersion = catalogueVersion
            return withdrawn
        }
        guard let draft = submission.draft, let type = catalogue.type(id: draft.typeId) else { return nil }
        return MarkRecord(id: id, version: version, status: .active, typeId: type.id, family: type.family, effect: type.effect,
                          enterpriseId: subject.context.enterprise.id, outletId: subject.context.outlet.id, mn: subject.mn,
                          factors: draft.factors, start: draft.start, end: draft.end, reasonKind: draft.reasonKind, reason: draft.reason,
                          submittedBy: submission.submittedBy, role: submission.role.rawValue, acceptedAt: now, catalogueVersion: catalogueVersion)
    }

    private func refuse(_ refusal: MarkCommandRefusal, key: String, in db: isolated Database) async throws {
        let inserted = try await db.execute("""
            INSERT INTO marking.command_refusals (command_id, action, mark_id, outlet_id, mn, submitted_by, role, code, problems, refused_at)
            VALUES (\(refusal.commandId), \(refusal.action.rawValue), \(refusal.markId), \(refusal.outletId), \(refusal.mn), \(refusal.submittedBy),
                    \(refusal.role), \(refusal.code), \(try JSONB(encoding: refusal.problems)), \(refusal.refusedAt))
            ON CONFLICT (command_id) DO NOTHING
            """)
        guard inserted == 1 else { return }
        try await ledger.outbox.append(
            CloudEvent(id: "refused:\(refusal.commandId)", source: MarkLedger.source, type: MarkCommandMessage.refusedEventType,
                       time: refusal.refusedAt, subject: refusal.markId.isEmpty ? key : refusal.markId, data: refusal),
            topic: BusTopics.marks, key: key, in: db)
        refused.increment()
        logger.notice("mark command refused", metadata: [
            "command": "\(refusal.commandId)", "action": "\(refusal.action.rawValue)", "code": "\(refusal.code)",
            "reason": "\(refusal.problems.map(\.messageZh).joined(separator: "；"))",
        ])
    }
}
