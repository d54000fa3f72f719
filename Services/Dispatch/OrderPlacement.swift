import Domain
import Foundation
import Pipeline
import Registry
import Store

/// Where a finding goes (an order that holds it or whose episode it meets, else a new order) and
/// how a new order is opened: shared by every input that brings findings (exceedance judgments,
/// mark verdicts), inside the consumer's transaction.
extension OrderLedger {
    /// The order a finding belongs to, locked: the one opened for its episode, one that holds it
    /// already (it joined earlier, perhaps an order that has ended since), or the open order of
    /// the same enterprise, outlet and cause whose episode it meets within the ruleset's join gap
    /// (`EpisodeGrouping`: one order per episode, related findings grouped under it). Nil: a new
    /// episode.
    func holder(of finding: Finding, in db: isolated Database) async throws -> String? {
        let own = try await db.query("SELECT id FROM dispatch.orders WHERE episode_id = \(finding.id) FOR UPDATE")
        if let row = own.first { return try row.decode("id", as: String.self) }
        let holding = try JSONB(encoding: [["id": finding.id]])
        let rows = try await db.query("""
            SELECT id, state::text AS state FROM dispatch.orders
            WHERE enterprise_id = \(finding.enterpriseId) AND outlet_id = \(finding.outletId) AND cause = \(finding.type.rawValue)
              AND state IS NOT NULL AND (status NOT IN ('closed', 'cancelled') OR state->'findings' @> \(holding))
            ORDER BY opened_at
            FOR UPDATE
            """)
        var orders: [SupervisionOrder] = []
        for row in rows { orders.append(try JSONB(try row.decode("state", as: String.self)).decode(SupervisionOrder.self)) }
        if let ended = orders.first(where: { $0.status.isTerminal && $0.findings.contains { $0.id == finding.id } }) { return ended.id }
        guard let first = orders.first else { return nil }
        let policy = try context(for: first).ruleset.grouping
        switch EpisodeGrouping.place(finding, among: orders.map(EpisodeGrouping.Entry.init), policy: policy) {
        case .update(let orderId), .join(let orderId): return orderId
        case .newOrder: return nil
        }
    }

    /// Opens an order for the first finding of an episode: numbered `DByyyymmddNNN` for today
    /// (China time), under the province's ruleset in force today, assigned to the local bureau of
    /// `location` by the registry's supervision contacts. A finding the rules will not open an
    /// order for is dead-lettered with their reason.
    /// `standingFaults`: equipment faults of the outlet that still stand; those the ruleset's
    /// inhibition rules say explain the finding open the order inhibited (no notification, no
    /// deadline running) with the reason on its opening event.
    func open(_ finding: Finding, enterpriseName: String, industry: Industry?, outletName: String, location: JurisdictionPath,
              markingDeadline: Date?, version: Int, standingFaults: [Finding] = [], at now: Date, in db: isolated Database) async throws {
        let found = try await registry.supervisionContacts(enterpriseId: finding.enterpriseId, at: finding.start)
        let contacts = found.enterprise + found.county + found.city + found.province
        let day = CivilDate(chinaTimeOf: now)
        guard let ruleset = configuration.rules.ruleset(province: location.province, on: day) else {
            throw HandlingError.permanent("没有适用于省份\(location.province)、\(day.description)施行的督办规则集")
        }
        let counter = try await db.query("""
            INSERT INTO dispatch.order_day_counters (day, last) VALUES (\(day.description)::date, 1)
            ON CONFLICT (day) DO UPDATE SET last = dispatch.order_day_counters.last + 1
            RETURNING last
            """)
        let number = OrderNumber.make(chinaDate: (day.year, day.month, day.day), sequenceOfDay: try counter[0].decode("last", as: Int.self))
        let request = OrderOpeningRequest(
            id: UUID().uuidString.lowercased(), number: number,
            enterprise: OrderEnterprise(id: finding.enterpriseId, name: enterpriseName, industry: industry, location: location),
            outletName: outletName, finding: finding, assignedBureau: SupervisionRecipients.localBureau(for: location, contacts: contacts),
            markingDeadline: markingDeadline,
            inhibitors: EpisodeGrouping.inhibitors(of: finding, activeFaults: standingFaults, ruleset: ruleset))
        let context = SupervisionContext(ruleset: ruleset, calendar: configuration.calendar)
        switch SupervisionOrder.open(request, by: .system(), at: now, context: context) {
        case .success(let outcome):
            try await record(outcome, previous: nil, episodeId: finding.id, judgmentVersion: version, at: now, in: db)
            logger.notice("order opened", metadata: [
                "order": "\(number)", "type": "\(finding.type.rawValue)", "stage": "\(outcome.order.stage.rawValue)",
                "episode": "\(finding.id)", "enterprise": "\(enterpriseName)", "inhibitors": outcome.order.inhibitors.joined(separator: ","),
            ])
        case .failure(let refusal):
            throw HandlingError.permanent("督办单未开具（\(refusal.code.rawValue)）：\(refusal.reasonZh)")
        }
    }
}
