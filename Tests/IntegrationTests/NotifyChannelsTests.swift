import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Notify on its other channels and under its time rules, against the fake gateway: robots and
/// WeChat by the recipients' channel preferences, quiet windows, and the retry cap. Notify runs
/// alone with the test broker and database; notifications are queued directly in
/// `notify.notifications`, as the request handler would.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct NotifyChannelsTests {
    static let dingtalkSecret = "SECduban-it-dingtalk-secret"

    static func queue(_ stack: Stack, id: String, kind: String, role: String, phone: String?, wechatId: String? = nil) throws {
        _ = try stack.sql(insert(id: id, kind: kind, role: role, phone: phone, wechatId: wechatId))
    }

    static func insert(id: String, kind: String, role: String, phone: String?, wechatId: String? = nil) -> String {
        let variables = #"{"deadline":"12月1日18时","enterprise":"四川蓉能示范发电有限责任公司","orderNumber":"DB20261129007","outlet":"1号炉排口","period":"11月29日10时"}"#
        return """
            INSERT INTO notify.notifications (id, order_id, order_number, kind, recipient_name, recipient_role, phone, wechat_id, variables, status)
            VALUES ('\(id)', 'ORD-CH-1', 'DB20261129007', '\(kind)', '李四', '\(role)', \(phone.map { "'\($0)'" } ?? "NULL"),
                    \(wechatId.map { "'\($0)'" } ?? "NULL"), '\(variables)', 'queued');
            """
    }

    static func status(_ stack: Stack, _ id: String) throws -> String {
        try stack.sql("SELECT status FROM notify.notifications WHERE id = '\(id)'").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("channel preferences: DingTalk (signed, checked by the fake) and WeCom robots deliver once with the person @-mentioned; WeChat template message with a centrally fetched token (one forced refresh after WeChat refuses it) and client_msg_id; no openid → falls back to SMS; one text to two numbers → one Alibaba Cloud SendBatchSms, each receipt to its own number; rate-limit counters survive a restart")
    func robotsAndWeChatByPreference() async throws {
        let opsPort = try NotifyDeliveryTests.freePort()
        let stack = try await Stack(name: "channels", importRegistry: false, gatewayEnvironment: [
            "DUBAN_FAKE_GATEWAY_DINGTALK_SECRET": Self.dingtalkSecret, "DUBAN_FAKE_GATEWAY_DINGTALK_TOKEN": "ding-it-token",
            "DUBAN_FAKE_GATEWAY_WECOM_KEY": "wecom-it-key", "DUBAN_FAKE_GATEWAY_WECHAT_APP_SECRET": "wechat-it-secret",
            "DUBAN_FAKE_GATEWAY_WECHAT_REVOKE_FIRST": "1",
            "DUBAN_FAKE_GATEWAY_ALIBABA_RECEIPT_URL": "http://127.0.0.1:\(opsPort)/receipts/alibaba-cloud-sms",
        ])
        defer { stack.stop() }
        let gateway = "http://127.0.0.1:\(stack.gatewayPort)"
        let notify: [String: String] = [
            "DUBAN_OPS_PORT": "\(opsPort)", "DUBAN_NOTIFY_SEND_TIMEOUT": "2s",
            "DUBAN_ALIYUN_SMS_ACCESS_KEY_ID": "LTAI-it", "DUBAN_ALIYUN_SMS_ACCESS_KEY_SECRET": "aliyun-it-secret", "DUBAN_ALIYUN_SMS_ENDPOINT": gateway,
            "DUBAN_SMS_PROVIDERS": "alibaba_cloud_sms,generic_webhook",
            "DUBAN_SMS_TEMPLATE_APPROVALS": "dispatch.missing_data=alibaba_cloud_sms:SMS_900007:2026-10-01",
            "DUBAN_DINGTALK_ROBOT_WEBHOOK": "\(gateway)/robot/send?access_token=ding-it-token",
            "DUBAN_DINGTALK_ROBOT_SECRET": Self.dingtalkSecret,
            "DUBAN_WECOM_ROBOT_WEBHOOK": "\(gateway)/cgi-bin/webhook/send?key=wecom-it-key",
            "DUBAN_WECHAT_APP_ID": "wx-duban-it", "DUBAN_WECHAT_APP_SECRET": "wechat-it-secret", "DUBAN_WECHAT_SERVER_TOKEN": "wechat-it-token",
            "DUBAN_WECHAT_ENDPOINT": gateway,
            "DUBAN_WECHAT_TEMPLATES": "pre_warning.missing_data=TPL_missing_1:thing1/enterprise,character_string2/orderNumber,time3/period",
            "DUBAN_NOTIFY_CHANNELS": "执法大队长=dingtalk_robot,sms;值班员=wecom_robot,sms;环保负责人=wechat,sms;*=sms",
        ]
        try await stack.startService("notify", extra: notify)
        try Self.queue(stack, id: "n-ding", kind: "dispatch.missing_data", role: "执法大队长", phone: "13900000001")
        try Self.queue(stack, id: "n-wecom", kind: "dispatch.missing_data", role: "值班员", phone: "13900000002")
        try Self.queue(stack, id: "n-wechat", kind: "pre_warning.missing_data", role: "环保负责人", phone: "13900000003", wechatId: "oDubanIT_openid_3")
        try Self.queue(stack, id: "n-noopenid", kind: "pre_warning.missing_data", role: "环保负责人", phone: "13900000004")
        // Queued together, as Dispatch requests every recipient of a notice in one transaction.
        _ = try stack.sql(Self.insert(id: "n-batch-5", kind: "dispatch.missing_data", role: "环保专员", phone: "13900000005")
            + Self.insert(id: "n-batch-6", kind: "dispatch.missing_data", role: "环保专员", phone: "13900000006"))
        try await stack.eventually("every notification out", timeout: .seconds(40)) {
            try ["n-ding", "n-wecom", "n-batch-5", "n-batch-6"].allSatisfy { try Self.status(stack, $0) == "delivered" }
                && (try ["n-wechat", "n-noopenid"].allSatisfy { try Self.status(stack, $0) == "submitted" })
        }
        try await Task.sleep(for: .seconds(2))
        let received = try await stack.smsReceived()
        func sends(_ provider: String) -> [[String: Any]] { received.filter { $0["provider"] as? String == provider } }
        // One request per notification, each on the channel the person prefers, and one batch for the shared text.
        #expect(received.count == 5)
        let batch = try #require(sends("alibaba_cloud_sms").first)
        #expect(sends("alibaba_cloud_sms").count == 1)
        #expect(batch["action"] as? String == "SendBatchSms")
        #expect(Set(batch["phones"] as? [String] ?? []) == ["13900000005", "13900000006"])
        #expect(batch["templateCode"] as? String == "SMS_900007")
        #expect(try stack.count("SELECT count(DISTINCT out_id) FROM notify.attempts WHERE notification_id LIKE 'n-batch-%' AND provider = 'alibaba_cloud_sms'") == 1)
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE notification_id LIKE 'n-batch-%' AND status = 'delivered' AND biz_id IS NOT NULL") == 2)
        // The two receipts share BizId and OutId; each went to the attempt of its own number.
        #expect(try stack.count("SELECT count(*) FROM notify.receipts r JOIN notify.attempts a ON a.id = r.attempt_id JOIN notify.notifications n ON n.id = a.notification_id WHERE n.id LIKE 'n-batch-%' AND r.dedup_key LIKE '%|' || n.phone || '|%'") == 2)
        let ding = try #require(sends("dingtalk_robot").first)
        #expect(sends("dingtalk_robot").count == 1)
        #expect(ding["signatureChecked"] as? Bool == true)
        #expect(ding["mentions"] as? [String] == ["13900000001"])
        #expect((ding["text"] as? String)?.contains("电子督办：四川蓉能示范发电有限责任公司1号炉排口自11月29日10时起自动监测数据缺失") == true)
        #expect(sends("wecom_robot").count == 1)
        #expect(sends("wecom_robot").first?["mentions"] as? [String] == ["13900000002"])
        let wechat = try #require(sends("wechat_official_account").first)
        #expect(sends("wechat_official_account").count == 1)
        #expect(wechat["openid"] as? String == "oDubanIT_openid_3")
        #expect(wechat["templateId"] as? String == "TPL_missing_1")
        // client_msg_id is Duban's stable key, the same one SMS would carry as OutId.
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE provider = 'wechat_official_account' AND out_id = '\(wechat["outId"] as? String ?? "")' AND biz_id IS NOT NULL") == 1)
        // No openid: WeChat cannot reach the person, SMS carries the notice.
        #expect(sends("generic_webhook").isEmpty)
        #expect(received.filter { $0["phone"] as? String == "13900000004" }.count == 1)
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE notification_id = 'n-noopenid' AND provider = 'generic_webhook' AND status = 'submitted'") == 1)
        // Events name the channel; evidence and logs keep no robot key, signature or access token.
        #expect(try stack.count("SELECT count(*) FROM notify.outbox WHERE event_id LIKE 'n-ding#%#delivered' AND convert_from(payload, 'UTF8') LIKE '%\"channel\":\"robot\"%'") == 1)
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE provider_request LIKE '%ding-it-token%' OR provider_request LIKE '%wecom-it-key%' OR provider_request LIKE '%fake-wechat-token%'") == 0)
        let log = stack.process("notify")!.log()
        #expect(!log.contains("ding-it-token") && !log.contains("wecom-it-key") && !log.contains("wechat-it-secret") && !log.contains("aliyun-it-secret") && !log.contains("fake-wechat-token-1"))
        // The token is fetched centrally; WeChat refused the first one (revoked elsewhere), so Notify
        // forced exactly one refresh and sent once more under the same client_msg_id.
        let (_, metrics) = try await Stack.get("http://127.0.0.1:\(stack.opsPorts["notify"] ?? 0)/metrics")
        #expect(String(decoding: metrics, as: UTF8.self).contains("duban_notify_wechat_token_refreshes_total 2"))
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE notification_id = 'n-wechat' AND classification = 'authentication' AND provider_code = '40001'") == 1)
        #expect(try stack.count("SELECT count(DISTINCT out_id) FROM notify.attempts WHERE notification_id = 'n-wechat'") == 1)
        // WeChat's TEMPLATESENDJOBFINISH push finds the attempt by its msgid.
        let msgid = try stack.sql("SELECT biz_id FROM notify.attempts WHERE notification_id = 'n-wechat'").trimmingCharacters(in: .whitespacesAndNewlines)
        let signature = try NotifyDeliveryTests.wechatSignature(token: "wechat-it-token", timestamp: "1795914000", nonce: "5150")
        let push = Data("""
            <xml><ToUserName><![CDATA[gh_duban]]></ToUserName><FromUserName><![CDATA[oDubanIT_openid_3]]></FromUserName>
            <CreateTime>1795914005</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>
            <MsgID>\(msgid)</MsgID><Status><![CDATA[success]]></Status></xml>
            """.utf8)
        let (pushed, _) = try await stack.post("notify", path: "/receipts/wechat?signature=\(signature)&timestamp=1795914000&nonce=5150", body: push)
        #expect(pushed == 200)
        #expect(try Self.status(stack, "n-wechat") == "delivered")

        // The rate-limit counters outlive the process: after a restart, Alibaba Cloud's one-a-minute
        // cap for 13900000005 still holds, so a second notice to that number takes the next SMS channel.
        #expect(try stack.count("SELECT count(*) FROM notify.rate_counters WHERE rule = 'alibaba.per_number_minute'") == 2)
        stack.process("notify")?.kill9()
        try await stack.startService("notify", extra: notify)
        try Self.queue(stack, id: "n-again-5", kind: "dispatch.missing_data", role: "环保专员", phone: "13900000005")
        try await stack.eventually("the second notice submitted", timeout: .seconds(30)) { try Self.status(stack, "n-again-5") == "submitted" }
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE notification_id = 'n-again-5' AND provider = 'generic_webhook'") == 1)
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE notification_id = 'n-again-5' AND provider = 'alibaba_cloud_sms'") == 0)

        // The fake refuses a DingTalk request whose signature is wrong, as DingTalk does.
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var forged = URLRequest(url: URL(string: "\(gateway)/robot/send?access_token=ding-it-token&timestamp=\(now)&sign=AAAA")!)
        forged.httpMethod = "POST"
        forged.httpBody = Data(#"{"msgtype":"text","text":{"content":"x"}}"#.utf8)
        let (answer, _) = try await URLSession.shared.data(for: forged)
        #expect(String(decoding: answer, as: UTF8.self).contains("310000"))
    }

    @Test("quiet window: a pre-warning inside the window is held and goes out when it ends; a dispatch notice in the same window is not held")
    func quietWindowHoldsPreWarningOnly() async throws {
        let stack = try await Stack(name: "quiet", importRegistry: false)
        defer { stack.stop() }
        // A window (China time, to the second) from a moment ago to 15 s ahead.
        let start = Date().addingTimeInterval(-5)
        let end = Date().addingTimeInterval(15).timeIntervalSince1970.rounded(.up)
        func chinaClock(_ seconds: TimeInterval) -> String {
            let second = (Int(seconds) + 8 * 3600) % 86_400
            return String(format: "%02d:%02d:%02d", second / 3600, second / 60 % 60, second % 60)
        }
        let window = "\(chinaClock(start.timeIntervalSince1970))-\(chinaClock(end))"
        try await stack.startService("notify", extra: ["DUBAN_NOTIFY_QUIET_WINDOWS": "pre_warning/*=\(window)"])
        try Self.queue(stack, id: "n-pre", kind: "pre_warning.missing_data", role: "环保负责人", phone: "13900000011")
        try Self.queue(stack, id: "n-dispatch", kind: "dispatch.missing_data", role: "环保负责人", phone: "13900000012")
        try await stack.eventually("the dispatch notice submitted", timeout: .seconds(30)) { try Self.status(stack, "n-dispatch") == "submitted" }
        // Unless the stack was too slow to see the window at all, the pre-warning waits for its end.
        if Date().timeIntervalSince1970 < end - 1 {
            #expect(try Self.status(stack, "n-pre") == "queued")
            #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE notification_id = 'n-pre'") == 0)
        }
        try await stack.eventually("the pre-warning submitted after the window", timeout: .seconds(40)) { try Self.status(stack, "n-pre") == "submitted" }
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE notification_id = 'n-pre' AND created_at >= to_timestamp(\(end))") == 1)
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE notification_id = 'n-dispatch' AND created_at < to_timestamp(\(end))") == 1)
        #expect(try await stack.smsReceived().count == 2)
    }

    @Test("retry cap: a gateway failing with 5xx forever gets exactly the capped number of sends, each after a status query; then failed_transient with an event and a metric")
    func retryCapEndsVisibly() async throws {
        let stack = try await Stack(name: "retrycap", importRegistry: false, gatewayEnvironment: ["DUBAN_FAKE_GATEWAY_FAIL_FIRST": "1000"])
        defer { stack.stop() }
        try await stack.startService("notify", extra: ["DUBAN_NOTIFY_MAX_ATTEMPTS": "3", "DUBAN_NOTIFY_RETRY_BASE": "100ms"])
        try Self.queue(stack, id: "n-cap", kind: "dispatch.missing_data", role: "环保负责人", phone: "13900000021")
        try await stack.eventually("the notification given up", timeout: .seconds(40)) { try Self.status(stack, "n-cap") == "failed_transient" }
        try await Task.sleep(for: .seconds(3))
        #expect(try await stack.smsReceived().count == 3)
        #expect(try Self.status(stack, "n-cap") == "failed_transient")
        #expect(try stack.count("SELECT attempts FROM notify.notifications WHERE id = 'n-cap'") == 3)
        // A 5xx proves nothing: every resend followed a status query that found nothing.
        #expect(try stack.count("SELECT count(*) FROM notify.attempts WHERE notification_id = 'n-cap' AND provider_code = 'not_found' AND status_queries = 1") == 3)
        #expect(try stack.count("SELECT count(*) FROM notify.outbox WHERE event_id = 'n-cap#exhausted'") == 1)
        let (_, metrics) = try await Stack.get("http://127.0.0.1:\(stack.opsPorts["notify"] ?? 0)/metrics")
        #expect(String(decoding: metrics, as: UTF8.self).contains("duban_notify_retries_exhausted_total 1"))
        #expect(stack.process("notify")!.log().contains("notification failed after the retry cap; giving up"))
    }
}
