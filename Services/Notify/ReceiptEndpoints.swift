import Channels
import Domain
import Foundation
import Pipeline
import Runtime
import Store
import Web

/// The providers' receipt callbacks on Notify's ops HTTP server. Each receipt is stored once
/// (its `deduplicationKey` is the primary key) and merged into its attempt by
/// `DeliveryStatus.merged`, so the same receipt twice, or a late non-final one, changes nothing.
///
/// POST /receipts/alibaba-cloud-sms   SmsReport batch JSON → `{"code":0,"msg":"接收成功"}`
/// POST /receipts/tencent-cloud-sms   status callback JSON → `{"result":0,"errmsg":"OK"}`
/// GET  /receipts/wechat                URL verification (signature, timestamp, nonce, echostr) → echostr
/// POST /receipts/wechat                TEMPLATESENDJOBFINISH push, signed with the server token → `success`
/// (the WeChat routes exist only when the official account is configured; a bad signature gets 403).
struct ReceiptEndpoints: Sendable {
    let database: Database
    let logger: Logger
    let wechatServerToken: Secret?
    private let outbox = Outbox(schema: NotifySchema.name)
    private let received = MetricsRegistry.shared.counter("duban_notify_receipts_total", help: "delivery receipts received (duplicates included)")
    private let duplicates = MetricsRegistry.shared.counter("duban_notify_receipts_duplicate_total", help: "receipts already stored")
    private let unmatched = MetricsRegistry.shared.counter("duban_notify_receipts_unmatched_total", help: "receipts that match no attempt")

    init(database: Database, logger: Logger, wechatServerToken: Secret? = nil) {
        self.database = database
        self.logger = logger
        self.wechatServerToken = wechatServerToken
    }

    func install(into router: inout Router) {
        router.add("POST", "/receipts/alibaba-cloud-sms") { request in
            await handle(request, acknowledgement: AlibabaCloudSMS.receiptAcknowledgement) { body throws(ChannelError) in
                try AlibabaCloudSMS.parseReceipts(body)
            }
        }
        router.add("POST", "/receipts/tencent-cloud-sms") { request in
            await handle(request, acknowledgement: TencentCloudSMS.callbackAcknowledgement) { body throws(ChannelError) in
                try TencentCloudSMS.parseStatusCallback(body)
            }
        }
        guard let token = wechatServerToken else { return }
        router.add("GET", "/receipts/wechat") { request in
            guard Self.isSignedByWeChat(request, token: token), let echo = request.query["echostr"] else { return .text("forbidden", status: 403) }
            return .text(echo)
        }
        router.add("POST", "/receipts/wechat") { request in
            guard Self.isSignedByWeChat(request, token: token) else {
                logger.warning("wechat push with a bad signature refused", metadata: ["path": request.path])
                return .text("forbidden", status: 403)
            }
            return await handle(request, acknowledgement: WeChatOfficialAccount.eventAcknowledgement, contentType: "text/plain; charset=utf-8") {
                body throws(ChannelError) in
                switch try WeChatOfficialAccount.parsePush(body) {
                case .templateSendFinished(let receipt): ReceiptBatch(receipts: [receipt])
                case .other: ReceiptBatch(receipts: [])
                }
            }
        }
    }

    private static func isSignedByWeChat(_ request: HTTPRequest, token: Secret) -> Bool {
        guard let signature = request.query["signature"], let timestamp = request.query["timestamp"], let nonce = request.query["nonce"] else {
            return false
        }
        return WeChatServerSignature.isValid(signature: signature, token: token, timestamp: timestamp, nonce: nonce)
    }

    private func handle(_ request: HTTPRequest, acknowledgement: String, contentType: String? = nil,
                        parse: ([UInt8]) throws(ChannelError) -> ReceiptBatch) async -> HTTPResponse {
        let batch: ReceiptBatch
        do { batch = try parse(request.body) } catch {
            logger.warning("receipt push refused", metadata: ["path": request.path, "error": "\(error)"])
            return .json(#"{"error":"\#(error.code.rawValue)"}"#, status: 400)
        }
        for rejected in batch.rejected {
            logger.warning("receipt entry unreadable; skipped", metadata: ["path": request.path, "entry": "\(rejected)"])
        }
        do {
            for receipt in batch.receipts { try await store(receipt) }
        } catch {
            // Not acknowledged: the provider pushes the batch again, and stored receipts dedupe.
            logger.error("receipts not stored", metadata: ["path": request.path, "error": "\(error)"])
            return .json(#"{"error":"storage"}"#, status: 503)
        }
        if let contentType { return .text(acknowledgement, contentType: contentType) }
        return .json(acknowledgement)
    }

    /// Stores the receipt once and applies it to its attempt (found by provider id, else by Duban's key).
    func store(_ receipt: DeliveryReceipt) async throws {
        received.increment()
        let outcome = try await database.transaction { [outbox] db -> String in
            // A SendBatchSms gives several attempts one BizId and OutId: the receipt's number picks its own.
            let attempts = try await db.query("""
                SELECT a.id FROM notify.attempts a JOIN notify.notifications n ON n.id = a.notification_id
                WHERE (\(receipt.providerMessageId)::text IS NOT NULL AND a.biz_id = \(receipt.providerMessageId))
                   OR (\(receipt.outId)::text IS NOT NULL AND a.out_id = \(receipt.outId) AND a.status <> 'failed_transient')
                ORDER BY (a.biz_id IS NOT DISTINCT FROM \(receipt.providerMessageId)::text) DESC,
                         (n.phone IS NOT NULL AND n.phone = right(\(receipt.recipient), 11)) DESC, a.id DESC LIMIT 1
                """)
            let attemptId = try attempts.first?.decode("id", as: Int64.self)
            let inserted = try await db.execute("""
                INSERT INTO notify.receipts (dedup_key, attempt_id, provider, source, provider_message_id, out_id, status, provider_code, detail, reported_at)
                VALUES (\(receipt.deduplicationKey), \(attemptId), \(receipt.provider.rawValue), \(receipt.source.rawValue), \(receipt.providerMessageId),
                        \(receipt.outId), \(receipt.status.rawValue), \(receipt.providerCode), \(receipt.detail), \(receipt.reportedAt))
                ON CONFLICT (dedup_key) DO NOTHING
                """)
            guard inserted == 1 else { return "duplicate" }
            guard let attemptId else { return "unmatched" }
            let status = try await DeliveryLedger.apply(db, attemptId: attemptId, .init(status: receipt.status, providerMessageId: receipt.providerMessageId,
                                                                                        providerCode: receipt.providerCode), outbox: outbox)
            return status?.rawValue ?? "unmatched"
        }
        switch outcome {
        case "duplicate": duplicates.increment()
        case "unmatched":
            unmatched.increment()
            logger.warning("receipt matches no attempt; kept", metadata: ["provider": receipt.provider.rawValue, "key": receipt.deduplicationKey])
        default:
            logger.info("receipt applied", metadata: ["provider": receipt.provider.rawValue, "to": DeliveryRecord.mask(phone: receipt.recipient),
                                                      "receipt": receipt.status.rawValue, "attempt.status": outcome])
        }
    }
}
