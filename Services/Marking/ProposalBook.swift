import Bus
import Crypto
import Domain
import Foundation
import Pipeline
import Registry
import Runtime
import Store

/// The marks the platform proposes (`marking.proposals`): device signals of one type on one point
/// and factor, no further apart than `proposalGapMinutes`, make one proposal. It is published on
/// `duban.marks` (`cn.duban.mark.proposal.v1`) when it opens, when it closes (the factor reported
/// again without the flag, or nothing came for longer than the gap) and when an accepted mark
/// confirms it or the enterprise rejects it; extending an open proposal is stored only. A stop the parameters show and nobody
/// marked is proposed once it has ended (rule `proposeType` in mark-checks.json).
struct ProposalBook: Sendable {
    let ledger: MarkLedger
    let logger: Logger

    private var gap: TimeInterval { TimeInterval(ledger.configuration.checks.settings.proposalGapMinutes * 60) }

    /// Opens or extends proposals for `signals` and closes the flag proposals of `quietFactors`.
    func apply(_ signals: [MarkSignal], quietFactors: Set<String>, point: MonitoringPointInfo, catalogue: MarkCatalogue, at time: Date,
               in db: isolated Database) async throws {
        let now = Date()
        for (key, group) in Dictionary(grouping: signals, by: { "\($0.typeId)|\($0.factor ?? "")" }).sorted(by: { $0.key < $1.key }) {
            guard let first = group.first else { continue }
            let factorKey = first.factor ?? ""
            let sources = Set(group.map(\.source))
            if var open = try await openProposal(mn: point.mn, typeId: first.typeId, factorKey: factorKey, in: db) {
                if time.timeIntervalSince(open.end) <= gap, time >= open.start.addingTimeInterval(-gap) {
                    open.end = max(open.end, time)
                    open.start = min(open.start, time)
                    open.sources = Array(Set(open.sources).union(sources)).sorted()
                    open.updatedAt = now
                    try await save(open, publish: false, in: db)
                    continue
                }
                try await close(open, at: now, in: db)
            }
            let id = "MP-\(SHA256.hex(Array("\(point.mn)|\(key)|\(Int(time.timeIntervalSince1970))".utf8)).prefix(16).uppercased())"
            let proposal = MarkProposal(
                id: id, version: 1, status: .open, typeId: first.typeId, nameZh: catalogue.type(id: first.typeId)?.nameZh ?? first.typeId,
                enterpriseId: point.enterpriseId, outletId: point.outletId, mn: point.mn, factors: first.factor.map { [$0] } ?? [],
                start: time, end: time, sources: sources.sorted(), markId: nil, updatedAt: now)
            try await insert(proposal, factorKey: factorKey, in: db)
            logger.info("mark proposed", metadata: ["proposal": "\(id)", "type": "\(first.typeId)", "mn": "\(point.mn)", "factor": "\(factorKey)"])
        }
        guard !quietFactors.isEmpty else { return }
        let rows = try await db.query("""
            SELECT record::text AS record, factor_key FROM marking.proposals WHERE mn = \(point.mn) AND status = 'open' FOR UPDATE
            """)
        for row in rows where quietFactors.contains(try row.decode("factor_key", as: String.self)) {
            let open = try JSONB(try row.decode("record", as: String.self)).decode(MarkProposal.self)
            // Only flags end when the factor is reported without them; a status ends with its own upload.
            guard open.sources.allSatisfy({ $0.hasPrefix("flag:") }), open.end <= time else { continue }
            try await close(open, at: now, in: db)
        }
    }

    /// Proposes the rule's mark type for a stop the parameters show, once it has ended and while
    /// no mark covers it; once per stop (the id follows outlet, rule and start).
    func propose(_ stop: MarkReconciler.UnmarkedStop, enterpriseId: String, outletId: String, mn: String, catalogue: MarkCatalogue,
                 at now: Date, in db: isolated Database) async throws {
        guard stop.ended, let typeId = stop.rule.proposedTypeId else { return }
        let id = "MP-\(SHA256.hex(Array("\(outletId)|\(stop.rule.id)|\(Int(stop.start.timeIntervalSince1970))".utf8)).prefix(16).uppercased())"
        let proposal = MarkProposal(
            id: id, version: 1, status: .closed, typeId: typeId, nameZh: catalogue.type(id: typeId)?.nameZh ?? typeId, enterpriseId: enterpriseId,
            outletId: outletId, mn: mn, factors: [], start: stop.start, end: stop.end, sources: ["rule:\(stop.rule.id)"], markId: nil, updatedAt: now)
        let inserted = try await db.execute("""
            INSERT INTO marking.proposals (id, version, status, type_id, mn, factor_key, outlet_id, enterprise_id, start_at, end_at, record, updated_at)
            VALUES (\(proposal.id), 1, \(proposal.status.rawValue), \(typeId), \(mn), '', \(outletId), \(enterpriseId), \(proposal.start),
                    \(proposal.end), \(try JSONB(encoding: proposal)), \(now))
            ON CONFLICT (id) DO NOTHING
            """)
        guard inserted == 1 else { return }
        try await publish(proposal, in: db)
        logger.info("mark proposed from parameters", metadata: ["proposal": "\(id)", "type": "\(typeId)", "outlet": "\(outletId)", "rule": "\(stop.rule.id)"])
    }

    /// Closes open proposals that heard nothing for longer than the gap.
    func closeStale(now: Date, in db: isolated Database) async throws {
        let rows = try await db.query("""
            SELECT record::text AS record FROM marking.proposals
            WHERE status = 'open' AND end_at < \(now.addingTimeInterval(-gap)) FOR UPDATE SKIP LOCKED
            """)
        for row in rows { try await close(try JSONB(try row.decode("record", as: String.self)).decode(MarkProposal.self), at: now, in: db) }
    }

    /// Marks `proposalId` confirmed by `markId`; false when there is no such proposal.
    func confirm(_ proposalId: String, by markId: String, at now: Date, in db: isolated Database) async throws -> Bool {
        let rows = try await db.query("SELECT record::text AS record FROM marking.proposals WHERE id = \(proposalId) FOR UPDATE")
        guard let row = rows.first else { return false }
        var proposal = try JSONB(try row.decode("record", as: String.self)).decode(MarkProposal.self)
        proposal.version += 1
        proposal.status = .confirmed
        proposal.markId = markId
        proposal.updatedAt = now
        try await save(proposal, publish: true, in: db)
        return true
    }

    /// Rejects `proposalId` for the enterprise; a refusal problem when it does not exist or was
    /// already confirmed or rejected.
    func reject(_ proposalId: String, by submitter: String, note: String, at now: Date,
                in db: isolated Database) async throws -> MarkValidationProblem? {
        let rows = try await db.query("SELECT record::text AS record FROM marking.proposals WHERE id = \(proposalId) FOR UPDATE")
        guard let row = rows.first else { return .init(.proposalNotFound, "没有编号为「\(proposalId)」的标记提议") }
        var proposal = try JSONB(try row.decode("record", as: String.self)).decode(MarkProposal.self)
        guard proposal.status == .open || proposal.status == .closed else {
            return .init(.proposalDecided, "标记提议「\(proposalId)」已\(proposal.status == .confirmed ? "确认" : "驳回")")
        }
        proposal.version += 1
        proposal.status = .rejected
        proposal.decidedBy = submitter
        proposal.note = note
        proposal.updatedAt = now
        try await save(proposal, publish: true, in: db)
        return nil
    }

    private func openProposal(mn: String, typeId: String, factorKey: String, in db: isolated Database) async throws -> MarkProposal? {
        let rows = try await db.query("""
            SELECT record::text AS record FROM marking.proposals
            WHERE mn = \(mn) AND type_id = \(typeId) AND factor_key = \(factorKey) AND status = 'open' FOR UPDATE
            """)
        return try rows.first.map { try JSONB(try $0.decode("record", as: String.self)).decode(MarkProposal.self) }
    }

    private func close(_ open: MarkProposal, at now: Date, in db: isolated Database) async throws {
        var closed = open
        closed.version += 1
        closed.status = .closed
        closed.updatedAt = now
        try await save(closed, publish: true, in: db)
    }

    private func insert(_ proposal: MarkProposal, factorKey: String, in db: isolated Database) async throws {
        try await db.execute("""
            INSERT INTO marking.proposals (id, version, status, type_id, mn, factor_key, outlet_id, enterprise_id, start_at, end_at, record, updated_at)
            VALUES (\(proposal.id), \(proposal.version), \(proposal.status.rawValue), \(proposal.typeId), \(proposal.mn), \(factorKey),
                    \(proposal.outletId), \(proposal.enterpriseId), \(proposal.start), \(proposal.end), \(try JSONB(encoding: proposal)), \(proposal.updatedAt))
            """)
        try await publish(proposal, in: db)
    }

    private func save(_ proposal: MarkProposal, publish shouldPublish: Bool, in db: isolated Database) async throws {
        try await db.execute("""
            UPDATE marking.proposals SET version = \(proposal.version), status = \(proposal.status.rawValue), start_at = \(proposal.start),
                end_at = \(proposal.end), record = \(try JSONB(encoding: proposal)), updated_at = \(proposal.updatedAt)
            WHERE id = \(proposal.id)
            """)
        if shouldPublish { try await publish(proposal, in: db) }
    }

    private func publish(_ proposal: MarkProposal, in db: isolated Database) async throws {
        try await ledger.outbox.append(
            CloudEvent(id: "\(proposal.id)#v\(proposal.version)", source: MarkLedger.source, type: MarkProposal.eventType, time: proposal.updatedAt,
                       subject: proposal.id, data: proposal),
            topic: BusTopics.marks, key: proposal.mn, in: db)
    }
}
