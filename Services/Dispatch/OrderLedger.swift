import Bus
import Crypto
import Domain
import Foundation
import Pipeline
import Registry
import Runtime
import Store

/// Stores orders as `SupervisionOrder` state and their events as a hash chain, inside the
/// caller's transaction: every event goes to `dispatch.order_events` and to `duban.orders` (via
/// the outbox), every `.notify` becomes `NotificationRequest`s on `duban.notifications` for the
/// recipients the rules name, every `.signChainHead` a row in `dispatch.chain_heads`.
struct OrderLedger: Sendable {
    let registry: RegistryReader
    let configuration: DispatchConfiguration
    let logger: Logger
    let outbox = Outbox(schema: DispatchSchema.name)
    static let source = "/duban/dispatch"

    var signer: ChainHeadSigner { ChainHeadSigner(key: configuration.signingKey) }

    /// The ruleset and calendar the order was opened under.
    func context(for order: SupervisionOrder) throws -> SupervisionContext {
        guard let ruleset = configuration.rules.ruleset(id: order.rulesetId) else {
            throw DispatchError.unknownRuleset(order.rulesetId, order: order.number)
        }
        return SupervisionContext(ruleset: ruleset, calendar: configuration.calendar)
    }

    /// The order by id or number, locked for this transaction; nil when there is none.
    func load(_ reference: String, in db: isolated Database) async throws -> SupervisionOrder? {
        let rows = try await db.query("""
            SELECT state::text AS state FROM dispatch.orders
            WHERE (id = \(reference) OR number = \(reference)) AND state IS NOT NULL
            FOR UPDATE
            """)
        guard let row = rows.first else { return nil }
        return try JSONB(try row.decode("state", as: String.self)).decode(SupervisionOrder.self)
    }

    /// Stores a new order (`previous` nil) or the outcome of a command on `previous`, then carries
    /// out its actions.
    func record(_ outcome: OrderOutcome, previous: SupervisionOrder?, episodeId: String? = nil, judgmentVersion: Int = 0,
                at now: Date, in db: isolated Database) async throws {
        let order = outcome.order
        let context = try context(for: order)
        let nextCheck = order.nextCheck(after: now, context: context)
        let state = try JSONB(encoding: order)
        let finding = order.primaryFinding
        if previous == nil {
            try await db.execute("""
                INSERT INTO dispatch.orders (id, number, episode_id, stage, status, cause, enterprise_id, outlet_id, factor,
                                             judgment_version, opened_at, updated_at, state, ruleset_id, next_check)
                VALUES (\(order.id), \(order.number), \(episodeId ?? order.openingFinding.id), \(order.stage.rawValue),
                        \(order.status.rawValue), \(order.type.rawValue), \(order.enterprise.id), \(order.outletId),
                        \(finding.factor ?? ""), \(judgmentVersion), \(order.openedAt), \(now), \(state), \(order.rulesetId), \(nextCheck))
                """)
        } else {
            try await db.execute("""
                UPDATE dispatch.orders SET stage = \(order.stage.rawValue), status = \(order.status.rawValue), state = \(state),
                    next_check = \(nextCheck), updated_at = \(now), judgment_version = greatest(judgment_version, \(judgmentVersion))
                WHERE id = \(order.id)
                """)
        }
        guard !outcome.events.isEmpty else { return }
        let sealed = try await appendEvents(outcome.events, of: order, in: db)
        for action in outcome.actions {
            switch action {
            case .notify(let intent):
                try await notify(intent, order: order, sequence: sealed.last?.sequence ?? order.sequence, context: context, at: now, in: db)
            case .signChainHead(let reason):
                if let head = sealed.last { try await signHead(head, reason: reason, at: now, in: db) }
            }
        }
    }

    /// Seals `events` onto the order's chain (each record built from the state after its event,
    /// as `SupervisionOrder.records(replaying:)` does), stores and publishes them.
    private func appendEvents(_ events: [OrderEvent], of order: SupervisionOrder, in db: isolated Database) async throws -> [OrderEventRecord] {
        let stored = try await db.query("""
            SELECT event::text AS event, hash FROM dispatch.order_events WHERE order_id = \(order.id) ORDER BY sequence
            """)
        var history: [OrderEvent] = []
        var previousHash = OrderChain.genesis
        for row in stored {
            history.append(try JSONB(try row.decode("event", as: String.self)).decode(OrderEvent.self))
            previousHash = try row.decode("hash", as: String.self)
        }
        let records = try SupervisionOrder.records(replaying: history + events).suffix(events.count)
        var sealedRecords: [OrderEventRecord] = []
        for (event, unsealed) in zip(events, records) {
            var record = unsealed
            record.previousHash = previousHash
            let (sealed, canonical) = try OrderChain.seal(record)
            try await db.execute("""
                INSERT INTO dispatch.order_events (order_id, sequence, transition, canonical, previous_hash, hash, occurred_at, event)
                VALUES (\(order.id), \(event.sequence), \(sealed.transition), \(canonical), \(sealed.previousHash), \(sealed.hash),
                        \(event.occurredAt), \(try JSONB(encoding: event)))
                """)
            try await outbox.append(
                CloudEvent(id: "\(order.id)#\(event.sequence)", source: Self.source, type: EventType.orderEvent, time: event.occurredAt,
                           subject: order.id, data: sealed),
                topic: BusTopics.orders, key: order.id, in: db)
            previousHash = sealed.hash
            sealedRecords.append(sealed)
        }
        return sealedRecords
    }

    private func notify(_ intent: NotificationIntent, order: SupervisionOrder, sequence: Int, context: SupervisionContext,
                        at now: Date, in db: isolated Database) async throws {
        let found = try await registry.supervisionContacts(enterpriseId: order.enterprise.id, at: now)
        let contacts = found.enterprise + found.county + found.city + found.province
        let recipients = SupervisionRecipients.resolve(intent, for: order, policy: context.ruleset.recipients, contacts: contacts)
        if recipients.isEmpty {
            logger.warning("order notification has no recipient", metadata: ["order": "\(order.number)", "kind": "\(intent.kind)"])
        }
        for recipient in recipients {
            let contact = recipient.contact
            var request = NotificationRequest(
                orderId: order.id, orderNumber: order.number, kind: intent.kind, urgency: intent.urgency.rawValue,
                recipient: .init(name: contact.name, role: contact.role, phone: contact.phone, wechatId: contact.wechatId),
                variables: intent.variables)
            // The same kind may go to the same person again later (a second reminder): the event
            // that caused it keeps the ids apart, while a redelivered command keeps the same id.
            request.notificationId = "\(order.id):\(sequence):\(contact.id):\(intent.kind)"
            try await outbox.append(
                CloudEvent(id: request.notificationId, source: Self.source, type: EventType.notificationRequest, time: now,
                           subject: order.id, data: request),
                topic: BusTopics.notifications, key: order.id, in: db)
        }
    }

    private func signHead(_ head: OrderEventRecord, reason: String, at now: Date, in db: isolated Database) async throws {
        let signed = signer.sign(orderId: head.orderId, sequence: head.sequence, hash: head.hash, at: now)
        try await db.execute("""
            INSERT INTO dispatch.chain_heads (order_id, sequence, hash, signed_at, public_key, signature, reason)
            VALUES (\(signed.orderId), \(signed.sequence), \(signed.hash), \(signed.signedAt),
                    \(Hex.encode(configuration.signingKey.publicKey)), \(signed.signature), \(reason))
            ON CONFLICT (order_id, sequence) DO NOTHING
            """)
    }
}

/// Dispatch's own failures, for the logs and dead letters.
enum DispatchError: Error, CustomStringConvertible {
    case unknownRuleset(String, order: String)
    case noJurisdiction(enterpriseId: String)

    var description: String {
        switch self {
        case .unknownRuleset(let id, let order): "督办单\(order)的规则集\(id)未配置"
        case .noJurisdiction(let enterpriseId): "企业\(enterpriseId)的判定没有区县或市级行政区划代码，无法确定承办部门"
        }
    }
}
