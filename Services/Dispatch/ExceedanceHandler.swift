import Bus
import Domain
import Foundation
import Pipeline
import Registry
import Runtime
import Store

/// Opens a pre-warning order (事前预警) for a new exceedance episode and asks Notify to tell the
/// enterprise's supervision contacts. Runs inside the consumer's transaction.
struct ExceedanceHandler: Sendable {
    let registry: RegistryReader
    let logger: Logger
    let outbox = Outbox(schema: DispatchSchema.name)
    static let source = "/duban/dispatch"

    func handle(_ db: isolated Database, _ record: ConsumedRecord, _ envelope: CloudEvent<AnyPayload>) async throws {
        guard envelope.type == EventType.exceedance else { return }
        let judgment: ExceedanceJudgment
        do { judgment = try CloudEvent<ExceedanceJudgment>.decode(record.value).data } catch {
            throw HandlingError.permanent("exceedance event does not decode: \(error)")
        }
        let existing = try await db.query("SELECT id, judgment_version FROM dispatch.orders WHERE episode_id = \(judgment.id) FOR UPDATE")
        if let row = existing.first {
            // Issue 7 grows the episode's order here; the thin path keeps one order per episode.
            let orderId = try row.decode("id", as: String.self)
            try await db.execute("""
                UPDATE dispatch.orders SET judgment_version = greatest(judgment_version, \(judgment.version)), updated_at = now()
                WHERE id = \(orderId)
                """)
            return
        }
        try await openPreWarning(for: judgment, in: db)
    }

    private func openPreWarning(for judgment: ExceedanceJudgment, in db: isolated Database) async throws {
        let now = Date()
        let day = CivilDate(chinaTimeOf: now)
        let counter = try await db.query("""
            INSERT INTO dispatch.order_day_counters (day, last) VALUES (\(day.description)::date, 1)
            ON CONFLICT (day) DO UPDATE SET last = dispatch.order_day_counters.last + 1
            RETURNING last
            """)
        let sequence = try counter[0].decode("last", as: Int.self)
        let number = OrderNumber.make(chinaDate: (day.year, day.month, day.day), sequenceOfDay: sequence)
        let orderId = UUID().uuidString.lowercased()
        let event = OrderEventRecord(
            orderId: orderId, orderNumber: number, sequence: 1, transition: "opened", stage: OrderStage.preWarning.rawValue,
            cause: "exceedance", episodeId: judgment.id, enterpriseId: judgment.enterpriseId, enterpriseName: judgment.enterpriseName,
            outletId: judgment.outletId, outletName: judgment.outletName, factor: judgment.factor, factorName: judgment.factorName,
            periodStart: judgment.periodStart, value: judgment.value, limit: judgment.limit, unit: judgment.unit,
            actor: "system", reason: "小时均值超标，事前预警", occurredAt: now, previousHash: OrderChain.genesis, hash: "")
        let (sealed, canonical) = try OrderChain.seal(event)
        try await db.execute("""
            INSERT INTO dispatch.orders (id, number, episode_id, stage, status, cause, enterprise_id, outlet_id, factor,
                                         judgment_version, opened_at, updated_at)
            VALUES (\(orderId), \(number), \(judgment.id), \(OrderStage.preWarning.rawValue), 'open', 'exceedance',
                    \(judgment.enterpriseId), \(judgment.outletId), \(judgment.factor), \(judgment.version), \(now), \(now))
            """)
        try await db.execute("""
            INSERT INTO dispatch.order_events (order_id, sequence, transition, canonical, previous_hash, hash, occurred_at)
            VALUES (\(orderId), 1, 'opened', \(canonical), \(sealed.previousHash), \(sealed.hash), \(now))
            """)
        try await outbox.append(
            CloudEvent(id: "\(orderId)#1", source: Self.source, type: EventType.orderEvent, time: now, subject: orderId, data: sealed),
            topic: BusTopics.orders, key: orderId, in: db)

        let contacts = try await registry.contacts(enterpriseId: judgment.enterpriseId, at: judgment.periodStart)
        if contacts.isEmpty {
            logger.warning("order has no enterprise contact to notify", metadata: ["order": number, "enterprise": judgment.enterpriseId])
        }
        for contact in contacts {
            let request = NotificationRequest(
                orderId: orderId, orderNumber: number, kind: "pre_warning.exceedance", urgency: "high",
                recipient: .init(name: contact.name, role: contact.role, phone: contact.phone, wechatId: contact.wechatId),
                variables: ExceedanceMessage.variables(judgment, orderNumber: number))
            try await outbox.append(
                CloudEvent(id: request.notificationId, source: Self.source, type: EventType.notificationRequest, time: now,
                           subject: orderId, data: request),
                topic: BusTopics.notifications, key: orderId, in: db)
        }
        logger.notice("pre-warning order opened", metadata: [
            "order": number, "episode": judgment.id, "enterprise": judgment.enterpriseName, "recipients": "\(contacts.count)",
        ])
    }
}

/// The variables of the exceedance message, formatted for people: China Standard Time, one
/// decimal for concentrations.
enum ExceedanceMessage {
    static func variables(_ judgment: ExceedanceJudgment, orderNumber: String) -> [String: String] {
        let start = ChinaTime.components(of: judgment.periodStart)
        return [
            "enterprise": judgment.enterpriseName,
            "outlet": judgment.outletName,
            "factor": judgment.factorName,
            "period": "\(start.month)月\(start.day)日\(start.hour)时",
            "value": format(judgment.value),
            "limit": format(judgment.limit),
            "unit": judgment.unit,
            "orderNumber": orderNumber,
        ]
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
