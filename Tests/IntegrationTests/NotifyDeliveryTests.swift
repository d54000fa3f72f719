import Foundation
import Testing

/// Notify's delivery guarantees against the fake gateway with failure injection: Notify runs as
/// its own process with the test broker and database; each test queues one notification directly
/// in `notify.notifications` (as the request handler would) and watches what the gateway received.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct NotifyDeliveryTests {
    static let notificationId = "ORD-IT-1|13800138000|digest"
    static let phone = "13800138000"

    /// Starts the stack without the registry and only Notify, with the given gateway injection.
    static func stack(_ name: String, gateway: [String: String] = [:], notify: [String: String] = [:]) async throws -> Stack {
        let stack = try await Stack(name: name, importRegistry: false, gatewayEnvironment: gateway)
        try await stack.startService("notify", extra: ["DUBAN_NOTIFY_SEND_TIMEOUT": "1s"].merging(notify) { _, given in given })
        return stack
    }

    static func queueNotification(in stack: Stack) throws {
        let variables = #"{"count":"3","deadline":"11月30日18时","enterprise":"四川蓉能示范发电有限责任公司","orderNumber":"DB20261129001"}"#
        _ = try stack.sql("""
            INSERT INTO notify.notifications (id, order_id, order_number, kind, recipient_name, recipient_role, phone, variables, status)
            VALUES ('\(notificationId)', 'ORD-IT-1', 'DB20261129001', 'digest', '张三', '环境监察员', '\(phone)', '\(variables)', 'queued')
            """)
    }

    static func status(_ stack: Stack) throws -> String {
        try stack.sql("SELECT status FROM notify.notifications WHERE id = '\(notificationId)'").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The gateway's accepted messages: distinct keys among the requests it answered OK.
    static func distinctKeys(_ received: [[String: Any]]) -> Set<String> {
        Set(received.compactMap { $0["outId"] as? String })
    }

    @Test("two transient failures (5xx) then success: the status is queried before each resend, and exactly one message is accepted")
    func transientThenSuccess() async throws {
        let stack = try await Self.stack("transient", gateway: ["DUBAN_FAKE_GATEWAY_FAIL_FIRST": "2"])
        defer { stack.stop() }
        try Self.queueNotification(in: stack)
        try await stack.eventually("the notification submitted") { try Self.status(stack) == "submitted" }
        let received = try await stack.smsReceived()
        #expect(received.count == 3)
        #expect(Self.distinctKeys(received).count == 1)
        // A 5xx does not prove a refusal: each was followed by a status query, not a blind resend.
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE status = 'failed_transient' AND provider_code = 'not_found'") == 2)
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE status = 'submitted' AND biz_id LIKE 'fake-%'") == 1)
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE provider = 'generic_webhook' AND provider_request LIKE 'POST http://127.0.0.1:%/sms%'") == 3)
        #expect(try stack.count("SELECT count(*) FROM notify.outbox WHERE event_id LIKE '%#submitted'") == 1)
    }

    @Test("the gateway accepts but answers after Notify's timeout: the status query finds the send and nothing is sent twice")
    func timeoutThenStatusQuery() async throws {
        let stack = try await Self.stack("timeout", gateway: ["DUBAN_FAKE_GATEWAY_STALL_FIRST": "1", "DUBAN_FAKE_GATEWAY_STALL": "3s"])
        defer { stack.stop() }
        try Self.queueNotification(in: stack)
        try await stack.eventually("the notification submitted") { try Self.status(stack) == "submitted" }
        try await Task.sleep(for: .seconds(4))
        #expect(try await stack.smsReceived().count == 1)
        #expect(try stack.count("SELECT count(*) FROM notify.attempts") == 1)
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE status = 'submitted' AND status_queries >= 1 AND provider_response LIKE 'found by status query%'") == 1)
        #expect(try Self.status(stack) == "submitted")
    }

    @Test("a rate-limited answer (429) is not retried at once: rescheduled with backoff, then exactly one delivery")
    func rateLimitedThenRescheduled() async throws {
        let stack = try await Self.stack("ratelimit", gateway: ["DUBAN_FAKE_GATEWAY_RATE_LIMIT_FIRST": "1"])
        defer { stack.stop() }
        try Self.queueNotification(in: stack)
        try await stack.eventually("the notification submitted") { try Self.status(stack) == "submitted" }
        #expect(try await stack.smsReceived().count == 2)
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE classification = 'rate_limited' AND provider_code = 'isv.BUSINESS_LIMIT_CONTROL'") == 1)
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE status = 'submitted'") == 1)
    }

    @Test("the same Alibaba Cloud receipt pushed twice is stored once and gives one status; a later failure receipt does not downgrade delivered")
    func sameReceiptTwice() async throws {
        let stack = try await Self.stack("receipt")
        defer { stack.stop() }
        try Self.queueNotification(in: stack)
        try await stack.eventually("the notification submitted") { try Self.status(stack) == "submitted" }
        let row = try stack.sql("SELECT out_id || ' ' || biz_id FROM notify.attempts WHERE status = 'submitted'")
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        let (outId, bizId) = (String(row[0]), String(row[1]))
        func report(success: Bool, code: String, at time: String) -> Data {
            Data("""
                [{"phone_number":"\(Self.phone)","send_time":"2026-11-29 10:00:00","report_time":"\(time)","success":\(success),
                  "err_code":"\(code)","err_msg":"\(success ? "用户接收成功" : "失败")","sms_size":"1","biz_id":"\(bizId)","out_id":"\(outId)"}]
                """.utf8)
        }
        let delivered = report(success: true, code: "DELIVERED", at: "2026-11-29 10:00:05")
        for _ in 0..<2 {
            let (status, body) = try await stack.post("notify", path: "/receipts/alibaba-cloud-sms", body: delivered)
            #expect(status == 200)
            #expect(String(decoding: body, as: UTF8.self).contains("\"code\":0"))
        }
        let (lateStatus, _) = try await stack.post("notify", path: "/receipts/alibaba-cloud-sms",
                                                   body: report(success: false, code: "MK:0001", at: "2026-11-29 10:00:09"))
        #expect(lateStatus == 200)
        #expect(try stack.count("SELECT count(*) FROM notify.receipts") == 2)
        #expect(try Self.status(stack) == "delivered")
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE status = 'delivered'") == 1)
        #expect(try stack.count("SELECT count(*) FROM notify.outbox WHERE event_id LIKE '%#delivered'") == 1)
        #expect(try stack.count("SELECT count(*) FROM notify.outbox WHERE event_id LIKE '%#failed_%'") == 0)
        let (badStatus, _) = try await stack.post("notify", path: "/receipts/alibaba-cloud-sms", body: Data("not json".utf8))
        #expect(badStatus == 400)
    }

    @Test("Notify killed with SIGKILL after the gateway accepted but before recording it: after restart the status query finds it, no duplicate",
          arguments: ["notify.after_send", "notify.after_submitting"])
    func killedBetweenSubmitAndCommit(point: String) async throws {
        let stack = try await Stack(name: "notifykill", importRegistry: false)
        defer { stack.stop() }
        let marker = "\(stack.runDirectory)/notify.fault"
        try await stack.startService("notify", extra: ["DUBAN_FAULT_POINT": point, "DUBAN_FAULT_MARKER": marker])
        try Self.queueNotification(in: stack)
        try await stack.eventually("Notify to reach \(point)") { FileManager.default.fileExists(atPath: marker) }
        stack.process("notify")?.kill9()
        #expect(try Self.status(stack) == "submitting")
        #expect(try await stack.smsReceived().count == (point == "notify.after_send" ? 1 : 0))

        try await stack.startService("notify")
        try await stack.eventually("the notification submitted after restart") { try Self.status(stack) == "submitted" }
        try await Task.sleep(for: .seconds(2))
        let received = try await stack.smsReceived()
        #expect(received.count == 1)
        #expect(Self.distinctKeys(received).count == 1)
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE status = 'submitted'") == 1)
        #expect(try stack.count("SELECT count(*) FROM notify.outbox WHERE event_id LIKE '%#submitted'") == 1)
    }

    @Test("an accepted SMS without any receipt is queried at each reconciliation checkpoint, then marked unknown visibly (event, metric)")
    func reconciliationEndsUnknown() async throws {
        let stack = try await Self.stack("reconcile", notify: ["DUBAN_NOTIFY_RECONCILIATION": "1s,2s"])
        defer { stack.stop() }
        try Self.queueNotification(in: stack)
        try await stack.eventually("the attempt marked unknown", timeout: .seconds(30)) { try Self.status(stack) == "unknown" }
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE status = 'unknown' AND reconciliation_checks = 2 AND provider_code = 'no_receipt'") == 1)
        #expect(try stack.count("SELECT count(*) FROM notify.outbox WHERE event_id LIKE '%#unknown'") == 1)
        let (_, metrics) = try await Stack.get("http://127.0.0.1:\(stack.opsPorts["notify"] ?? 0)/metrics")
        #expect(String(decoding: metrics, as: UTF8.self).contains("duban_notify_unknown_total 1"))
        #expect(try await stack.smsReceived().count == 1)
        // A receipt that still arrives replaces unknown.
        let row = try stack.sql("SELECT out_id || ' ' || biz_id FROM notify.attempts").trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        let receipt = Data("""
            [{"phone_number":"\(Self.phone)","send_time":"2026-11-29 10:00:00","report_time":"2026-11-29 10:00:05","success":true,
              "err_code":"DELIVERED","err_msg":"用户接收成功","sms_size":"1","biz_id":"\(row[1])","out_id":"\(row[0])"}]
            """.utf8)
        let (status, _) = try await stack.post("notify", path: "/receipts/alibaba-cloud-sms", body: receipt)
        #expect(status == 200)
        #expect(try Self.status(stack) == "delivered")
    }

    @Test("two exceedance notices to one person both hit the provider's rate limit: after the window they go out as ONE digest SMS naming the count")
    func rateLimitedMergedIntoDigest() async throws {
        let stack = try await Self.stack("digest", gateway: ["DUBAN_FAKE_GATEWAY_RATE_LIMIT_FIRST": "2"])
        defer { stack.stop() }
        for (order, hour) in [("DB20261129001", "10时"), ("DB20261129002", "11时")] {
            let variables = #"{"deadline":"11月30日18时","enterprise":"四川蓉能示范发电有限责任公司","factor":"二氧化硫","limit":"35","orderNumber":"\#(order)","outlet":"1号炉排口","period":"11月29日\#(hour)","unit":"mg/m³","value":"450"}"#
            _ = try stack.sql("""
                INSERT INTO notify.notifications (id, order_id, order_number, kind, recipient_name, recipient_role, phone, variables, status)
                VALUES ('\(order)|\(Self.phone)|pre_warning.exceedance', '\(order)', '\(order)', 'pre_warning.exceedance', '张三', '环境监察员',
                        '\(Self.phone)', '\(variables)', 'queued')
                """)
        }
        try await stack.eventually("the digest submitted") {
            try stack.count("SELECT count(*) FROM notify.notifications WHERE kind = 'digest' AND status = 'submitted'") == 1
        }
        try await Task.sleep(for: .seconds(2))
        let received = try await stack.smsReceived()
        #expect(received.count == 3)
        let digestText = received.last?["text"] as? String ?? ""
        #expect(digestText.contains("四川蓉能示范发电有限责任公司有2条自动监测异常待反馈"))
        #expect(digestText.contains("DB20261129001"))
        #expect(received.last?["templateKind"] as? String == "digest")
        #expect(try stack.count("SELECT count(*) FROM notify.notifications WHERE status = 'merged' AND merged_into LIKE 'digest:%'") == 2)
        // Each merged order hears that the digest went out for it, under its own order.
        for order in ["DB20261129001", "DB20261129002"] {
            #expect(try stack.count("SELECT count(*) FROM notify.outbox WHERE event_id LIKE '\(order)|%#submitted' AND key = '\(order)'") == 1)
        }
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE classification = 'rate_limited'") == 2)
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE status = 'submitted'") == 1)
    }

    /// A port that was free a moment ago (for a service whose address another process must know first).
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw Stack.Failure(description: "no free port") }
        return UInt16(bigEndian: address.sin_port)
    }

    @Test("Alibaba Cloud SMS through the fake provider: SendSms accepted but answered after the timeout; the receipt pushed twice makes it delivered once, or QuerySendDetails finds it; never sent twice",
          arguments: [true, false])
    func alibabaCloudTimeout(pushReceipts: Bool) async throws {
        let opsPort = try Self.freePort()
        var gateway = ["DUBAN_FAKE_GATEWAY_STALL_FIRST": "1", "DUBAN_FAKE_GATEWAY_STALL": "3s"]
        if pushReceipts {
            gateway["DUBAN_FAKE_GATEWAY_ALIBABA_RECEIPT_URL"] = "http://127.0.0.1:\(opsPort)/receipts/alibaba-cloud-sms"
            gateway["DUBAN_FAKE_GATEWAY_RECEIPT_REPEAT"] = "2"
        }
        let stack = try await Stack(name: "aliyun", importRegistry: false, gatewayEnvironment: gateway)
        defer { stack.stop() }
        try await stack.startService("notify", extra: [
            "DUBAN_OPS_PORT": "\(opsPort)", "DUBAN_NOTIFY_SEND_TIMEOUT": "1s",
            "DUBAN_ALIYUN_SMS_ACCESS_KEY_ID": "LTAI-test-id", "DUBAN_ALIYUN_SMS_ACCESS_KEY_SECRET": "test-secret-不可外泄",
            "DUBAN_ALIYUN_SMS_ENDPOINT": "http://127.0.0.1:\(stack.gatewayPort)",
            "DUBAN_SMS_PROVIDERS": "alibaba_cloud_sms,generic_webhook",
            "DUBAN_SMS_TEMPLATE_APPROVALS": "digest=alibaba_cloud_sms:SMS_900001:2026-10-01",
        ])
        try Self.queueNotification(in: stack)
        let expected = pushReceipts ? "delivered" : "submitted"
        try await stack.eventually("the notification \(expected)") { try Self.status(stack) == expected }
        try await Task.sleep(for: .seconds(4))
        let received = try await stack.smsReceived()
        #expect(received.count == 1)
        #expect(received.first?["provider"] as? String == "alibaba_cloud_sms")
        #expect(received.first?["templateCode"] as? String == "SMS_900001")
        #expect(try Self.status(stack) == expected)
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE provider = 'alibaba_cloud_sms'") == 1)
        // Evidence keeps the request but never the secret.
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE provider_request LIKE '%x-acs-action: SendSms%' AND provider_request LIKE '%Authorization: ‹redacted›%' AND provider_request NOT LIKE '%test-secret%'") == 1)
        #expect(try stack.count("SELECT count(*) FROM notify.outbox WHERE event_id LIKE '%#\(expected)'") == 1)
        if pushReceipts {
            #expect(try stack.count("SELECT count(*) FROM notify.receipts WHERE provider = 'alibaba_cloud_sms'") == 1)
        } else {
            #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE status_queries >= 1") == 1)
        }
        #expect(!stack.process("notify")!.log().contains("test-secret"))
    }

    @Test("Tencent Cloud SMS through the fake provider: a rate-limited answer, then a send answered after the timeout; the status pull finds its receipt by SessionContext → delivered, sent once")
    func tencentCloudRateLimitThenTimeout() async throws {
        let stack = try await Stack(name: "tencent", importRegistry: false, gatewayEnvironment: [
            "DUBAN_FAKE_GATEWAY_RATE_LIMIT_FIRST": "1", "DUBAN_FAKE_GATEWAY_STALL_FIRST": "1", "DUBAN_FAKE_GATEWAY_STALL": "3s",
        ])
        defer { stack.stop() }
        try await stack.startService("notify", extra: [
            "DUBAN_NOTIFY_SEND_TIMEOUT": "1s",
            "DUBAN_TENCENT_SMS_SECRET_ID": "AKID-test", "DUBAN_TENCENT_SMS_SECRET_KEY": "tencent-secret-不可外泄",
            "DUBAN_TENCENT_SMS_SDK_APP_ID": "1400000001", "DUBAN_TENCENT_SMS_ENDPOINT": "http://127.0.0.1:\(stack.gatewayPort)",
            "DUBAN_SMS_PROVIDERS": "tencent_cloud_sms",
            "DUBAN_SMS_TEMPLATE_APPROVALS": "digest=tencent_cloud_sms:1234567:2026-10-01",
        ])
        try Self.queueNotification(in: stack)
        try await stack.eventually("the notification delivered") { try Self.status(stack) == "delivered" }
        try await Task.sleep(for: .seconds(4))
        let received = try await stack.smsReceived()
        // The rate-limited request, then the one accepted send: never a blind resend after the timeout.
        #expect(received.count == 2)
        #expect(received.allSatisfy { $0["provider"] as? String == "tencent_cloud_sms" && $0["templateCode"] as? String == "1234567" })
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE classification = 'rate_limited' AND provider_code = 'LimitExceeded.PhoneNumberThirtySecondLimit'") == 1)
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE status = 'delivered' AND status_queries >= 1 AND biz_id LIKE '2640:%'") == 1)
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE provider_request LIKE '%X-TC-Action: SendSms%' AND provider_request LIKE '%Authorization: ‹redacted›%' AND provider_request NOT LIKE '%tencent-secret%'") == 2)
        #expect(try stack.count("SELECT count(*) FROM notify.outbox WHERE event_id LIKE '%#delivered'") == 1)
        #expect(!stack.process("notify")!.log().contains("tencent-secret"))
    }

    /// WeChat's server signature, computed outside Swift: hex SHA-1 of token, timestamp, nonce sorted and joined.
    static func wechatSignature(token: String, timestamp: String, nonce: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha1sum")
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data([token, timestamp, nonce].sorted().joined().utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(40))
    }

    @Test("Tencent Cloud's status callback and WeChat's TEMPLATESENDJOBFINISH push: each stored once when pushed twice, WeChat's signature checked")
    func tencentCallbackAndWeChatPush() async throws {
        let stack = try await Self.stack("callbacks", notify: [
            "DUBAN_WECHAT_APP_ID": "wx0123456789abcdef", "DUBAN_WECHAT_APP_SECRET": "wechat-secret", "DUBAN_WECHAT_SERVER_TOKEN": "duban-token",
        ])
        defer { stack.stop() }
        try Self.queueNotification(in: stack)
        try await stack.eventually("the notification submitted") { try Self.status(stack) == "submitted" }
        let bizId = try stack.sql("SELECT biz_id FROM notify.attempts WHERE status = 'submitted'").trimmingCharacters(in: .whitespacesAndNewlines)

        let callback = Data("""
            [{"user_receive_time":"2026-11-29 10:00:05","nationcode":"86","mobile":"\(Self.phone)","report_status":"SUCCESS",
              "errmsg":"DELIVRD","description":"用户短信送达成功","sid":"\(bizId)"}]
            """.utf8)
        for _ in 0..<2 {
            let (status, body) = try await stack.post("notify", path: "/receipts/tencent-cloud-sms", body: callback)
            #expect(status == 200)
            #expect(String(decoding: body, as: UTF8.self).contains("\"result\":0"))
        }
        #expect(try Self.status(stack) == "delivered")
        #expect(try stack.count("SELECT count(*) FROM notify.receipts WHERE provider = 'tencent_cloud_sms' AND attempt_id IS NOT NULL") == 1)
        #expect(try stack.count("SELECT count(*) FROM notify.outbox WHERE event_id LIKE '%#delivered'") == 1)

        let port = stack.opsPorts["notify"] ?? 0
        let signature = try Self.wechatSignature(token: "duban-token", timestamp: "1795914000", nonce: "8172")
        let query = "signature=\(signature)&timestamp=1795914000&nonce=8172"
        let (verified, echo) = try await Stack.get("http://127.0.0.1:\(port)/receipts/wechat?\(query)&echostr=echo-4711")
        #expect(verified == 200 && String(decoding: echo, as: UTF8.self) == "echo-4711")
        let (forged, _) = try await Stack.get("http://127.0.0.1:\(port)/receipts/wechat?signature=\(String(repeating: "0", count: 40))&timestamp=1795914000&nonce=8172&echostr=x")
        #expect(forged == 403)
        let push = Data("""
            <xml><ToUserName><![CDATA[gh_duban]]></ToUserName><FromUserName><![CDATA[oUser-openid-1]]></FromUserName>
            <CreateTime>1795914005</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>
            <MsgID>200163836</MsgID><Status><![CDATA[success]]></Status></xml>
            """.utf8)
        for _ in 0..<2 {
            let (status, body) = try await stack.post("notify", path: "/receipts/wechat?\(query)", body: push)
            #expect(status == 200 && String(decoding: body, as: UTF8.self) == "success")
        }
        let (unsigned, _) = try await stack.post("notify", path: "/receipts/wechat", body: push)
        #expect(unsigned == 403)
        // No WeChat send exists yet, so the receipt is kept unmatched (and counted), once.
        #expect(try stack.count("SELECT count(*) FROM notify.receipts WHERE provider = 'wechat_official_account' AND provider_message_id = '200163836' AND attempt_id IS NULL") == 1)
        #expect(try Self.status(stack) == "delivered")
    }
}
