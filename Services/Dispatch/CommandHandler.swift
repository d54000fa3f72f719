import Bus
import Domain
import Foundation
import Pipeline
import Runtime
import Store

/// Applies the commands people send on `duban.commands` (`cn.duban.order.command.v1`). The rules
/// decide whether the actor's role and jurisdiction allow the transition; a refusal changes no
/// order, is kept in `dispatch.command_refusals` and published on `duban.orders` as
/// `cn.duban.order.command.refused.v1` with its stable code and Chinese reason. A command that
/// does not decode is refused the same way (`invalid_input`): neither stops the consumer.
struct CommandHandler: Sendable {
    let ledger: OrderLedger
    let logger: Logger

    func handle(_ db: isolated Database, _ record: ConsumedRecord, _ envelope: CloudEvent<AnyPayload>) async throws {
        guard envelope.type == OrderCommandMessage.eventType else { return }
        let now = Date()
        let message: OrderCommandMessage
        do { message = try CloudEvent<OrderCommandMessage>.decode(record.value).data } catch {
            try await refuse(commandId: envelope.id, reference: envelope.subject ?? "", orderId: "", command: "?", actor: "?",
                             OrderRefusal(.invalidInput, "督办指令无法解析：\(error)"), at: now, in: db)
            return
        }
        func refuseMessage(_ refusal: OrderRefusal, orderId: String = "") async throws {
            try await self.refuse(commandId: message.commandId, reference: message.order, orderId: orderId, command: message.command.code,
                                  actor: message.actor.label, refusal, at: now, in: db)
        }
        guard !message.command.isSystemOnly, message.actor.role != .system else {
            try await refuseMessage(OrderRefusal(.roleNotAllowed, "「\(message.command.nameZh)」由督办系统自行处理，不能经指令提交"))
            return
        }
        guard let order = try await ledger.load(message.order, in: db) else {
            try await refuseMessage(OrderRefusal(.invalidInput, "没有督办单「\(message.order)」"))
            return
        }
        switch order.handle(message.command, by: message.actor, at: now, context: try ledger.context(for: order)) {
        case .success(let outcome):
            try await ledger.record(outcome, previous: order, at: now, in: db)
            logger.info("command applied", metadata: [
                "order": "\(order.number)", "command": "\(message.command.code)", "actor": "\(message.actor.label)",
                "events": "\(outcome.events.count)",
            ])
        case .failure(let refusal):
            try await refuseMessage(refusal, orderId: order.id)
        }
    }

    private func refuse(commandId: String, reference: String, orderId: String, command: String, actor: String,
                        _ refusal: OrderRefusal, at now: Date, in db: isolated Database) async throws {
        let refused = OrderCommandRefusal(commandId: commandId, order: reference, orderId: orderId, command: command, actor: actor,
                                          code: refusal.code.rawValue, reasonZh: refusal.reasonZh, refusedAt: now)
        let inserted = try await db.execute("""
            INSERT INTO dispatch.command_refusals (command_id, order_ref, order_id, command, actor, code, reason, refused_at)
            VALUES (\(commandId), \(reference), \(orderId), \(command), \(actor), \(refused.code), \(refused.reasonZh), \(now))
            ON CONFLICT (command_id) DO NOTHING
            """)
        guard inserted == 1 else { return }
        let key = orderId.isEmpty ? reference : orderId
        try await ledger.outbox.append(
            CloudEvent(id: "refused:\(commandId)", source: OrderLedger.source, type: OrderCommandMessage.refusedEventType, time: now,
                       subject: key, data: refused),
            topic: BusTopics.orders, key: key, in: db)
        logger.notice("command refused", metadata: [
            "order": "\(reference)", "command": "\(command)", "actor": "\(actor)", "code": "\(refused.code)", "reason": "\(refused.reasonZh)",
        ])
    }
}
