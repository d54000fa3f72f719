import Foundation

extension OrderEventRecord {
    /// The chain record of `event` (`duban.orders`, `cn.duban.order.event.v1`), unsealed: the
    /// order's fixed facts and its primary finding fill the record's fields; `previousHash` is the
    /// chain's last hash and `hash` is left empty for the sealer. Findings without a value or
    /// limit (a gap, a suspected mark) carry 0 there: v1 of the record has no optional fields.
    public init(event: OrderEvent, order: SupervisionOrder, previousHash: String) {
        let finding = order.primaryFinding
        self.init(
            orderId: order.id, orderNumber: order.number, sequence: event.sequence, transition: event.change.transition,
            stage: event.stage.rawValue, cause: order.type.rawValue, episodeId: order.openingFinding.id,
            enterpriseId: order.enterprise.id, enterpriseName: order.enterprise.name, outletId: order.outletId,
            outletName: order.outletName, factor: finding.factor ?? "", factorName: finding.factorName ?? "",
            periodStart: finding.start, value: finding.value ?? 0, limit: finding.limit ?? 0, unit: finding.unit ?? "",
            actor: event.actor.label, reason: event.reasonZh, occurredAt: event.occurredAt, previousHash: previousHash, hash: "")
    }
}

extension SupervisionOrder {
    /// The chain records of a whole history, each built with the order's state after its event,
    /// unsealed (empty `previousHash` and `hash`: `OrderEventChain.sealAll` links and seals them).
    public static func records(replaying events: [OrderEvent]) throws(ReplayError) -> [OrderEventRecord] {
        var records: [OrderEventRecord] = []
        for end in events.indices {
            let order = try replay(Array(events[...end]))
            records.append(OrderEventRecord(event: events[end], order: order, previousHash: ""))
        }
        return records
    }
}
