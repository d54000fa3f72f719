import Domain
import Foundation
import Pipeline
import Registry
import Store

/// What every handler of a versioned judgment (abnormal operation, suspicions, total quantity)
/// does with it, inside the consumer's transaction: record the version once, bring it to the
/// order that holds its finding, and open an order only when a trigger's stage is reached.
extension OrderLedger {
    /// Records a received judgment version in `dispatch.judgments_received`; false when this
    /// version was applied before (a redelivery), which then changes nothing.
    func receive(id: String, version: Int, type: String, status: String, body: JSONB, at now: Date,
                 in db: isolated Database) async throws -> Bool {
        try await !db.query("""
            INSERT INTO dispatch.judgments_received (id, version, kind, status, body, received_at)
            VALUES (\(id), \(version), \(type), \(status), \(body), \(now))
            ON CONFLICT (id, version) DO NOTHING
            RETURNING id
            """).isEmpty
    }

    /// Brings a judgment version's finding to the order that holds it: a newer version is added;
    /// with a `withdrawal` reason the finding is withdrawn (the order ends when it held nothing
    /// else). False when no order holds the finding: the caller decides whether to open one.
    func update(holderOf finding: Finding, withdrawal: String?, judgmentVersion: Int, at now: Date,
                in db: isolated Database) async throws -> Bool {
        guard let orderId = try await holder(of: finding, in: db) else { return false }
        guard let order = try await load(orderId, in: db) else { return true }
        let known = order.findings.first { $0.id == finding.id }
        let command: OrderCommand
        if let withdrawal {
            guard known != nil else { return true }
            command = .withdrawFinding(id: finding.id, reason: withdrawal)
        } else {
            if let known, known.version >= finding.version { return true }
            command = .addFinding(finding)
        }
        try await apply(command, to: order, judgmentId: finding.id, judgmentVersion: judgmentVersion, at: now, in: db)
        return true
    }

    /// Applies a system command to an order; a refusal is logged, not thrown: the judgment stays
    /// recorded and the order as it was.
    func apply(_ command: OrderCommand, to order: SupervisionOrder, judgmentId: String, judgmentVersion: Int, at now: Date,
               in db: isolated Database) async throws {
        switch order.handle(command, by: .system(), at: now, context: try context(for: order)) {
        case .success(let outcome):
            try await record(outcome, previous: order, judgmentVersion: judgmentVersion, at: now, in: db)
        case .failure(let refusal):
            logger.notice("judgment not applied to an order", metadata: [
                "order": "\(order.number)", "judgment": judgmentId, "command": command.code, "code": refusal.code.rawValue,
                "reason": refusal.reasonZh,
            ])
        }
    }

    /// Whether the province's trigger rules in force today open an order for the finding now (a
    /// finding below every stage's threshold opens nothing yet: a later version may reach one).
    func reachesStage(_ finding: Finding, location: JurisdictionPath, at now: Date) -> Bool {
        let facts = TriggerCondition.Facts(findings: [finding], markingDeadline: nil, current: nil, now: now)
        guard let ruleset = configuration.rules.ruleset(province: location.province, on: CivilDate(chinaTimeOf: now)) else { return false }
        return ruleset.trigger(for: finding)?.targetStage(facts) != nil
    }
}
