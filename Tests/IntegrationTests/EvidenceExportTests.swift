import Bus
import Domain
import Foundation
import Runtime
import Simulation
import Testing

/// Issue 7's evidence through the real processes: Dispatch archives the raw frame and records
/// Notify's delivery receipt on the order, `duban-ctl order …` takes the order to its end
/// through duban.commands, `duban-ctl evidence export`
/// writes a package that `duban-ctl evidence verify` accepts with the public key alone; a byte
/// flipped in a package file or in a stored event is named.
@Suite("EvidenceExportTests", .serialized, .timeLimit(.minutes(3)))
struct EvidenceExportTests {
    /// The public half of `Stack.dispatchSigningSeed` (RFC 8032's first test vector).
    static let publicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    static let cityOfficer = ["--actor", "o-cd-01", "--name", "成都市局执法员", "--role", "city_officer", "--jurisdiction", "510000/510100"]
    static let otherCountyOfficer = ["--actor", "o-ls-01", "--name", "五通桥区执法员", "--role", "county_officer",
                                     "--jurisdiction", "510000/511100/511112"]

    @Test("export after the order ends: the package verifies with the public key and holds the raw frame; a flipped byte in a file, or in a stored event, is named")
    func exportAndVerify() async throws {
        let stack = try await Stack(name: "evidence")
        defer { stack.stop() }
        for service in ["ingest", "judgment", "dispatch"] { try await stack.startService(service) }

        let hour = DeviceFrames.lastFullHour()
        let frame = try ThinPathTests.frame(hour: hour)
        #expect(try ThinPathTests.send(frame, to: stack) != nil)
        try await stack.eventually("the pre-warning", timeout: .seconds(45)) { try stack.count("SELECT count(*) FROM dispatch.orders") == 1 }
        try await stack.eventually("the frame archived", timeout: .seconds(30)) { try stack.count("SELECT count(*) FROM dispatch.frame_archive") >= 1 }
        // Filed under its data time (the hour it reports, not when it came), in the partition of
        // that hour's month in China time.
        var china = Calendar(identifier: .gregorian)
        china.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let month = china.dateComponents([.year, .month], from: hour)
        let partition = try stack.sql("""
            SELECT tableoid::regclass FROM dispatch.frame_archive WHERE data_time = to_timestamp(\(Int(hour.timeIntervalSince1970)))
            """).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(partition == String(format: "dispatch.frame_archive_y%04dm%02d", month.year!, month.month!))
        // Opened with the province's marking deadline for the judged hour (the handling-after
        // trigger counts from it): after the data, within days.
        #expect(try stack.count("""
            SELECT count(*) FROM dispatch.orders WHERE (state->>'markingDeadline')::float8 > (state->'openingFinding'->>'start')::float8
              AND (state->>'markingDeadline')::float8 < (state->'openingFinding'->>'start')::float8 + 10 * 86400
            """) == 1)
        let number = try stack.sql("SELECT number FROM dispatch.orders").trimmingCharacters(in: .whitespacesAndNewlines)
        let orderId = try stack.sql("SELECT id FROM dispatch.orders").trimmingCharacters(in: .whitespacesAndNewlines)

        // Notify reports the pre-warning SMS submitted, then delivered (the receipt pushed twice):
        // the order records one delivery (送达).
        let notificationId = "\(orderId):1:c-e-tp-01:pre_warning.exceedance"
        let producer = try Producer(configuration: KafkaConfiguration(bootstrapServers: stack.bootstrap, clientID: "it-deliveries"),
                                    logger: Logger(label: "it.deliveries", level: .warning))
        for (index, status) in ["submitted", "delivered", "delivered"].enumerated() {
            let delivery = DeliveryRecord(notificationId: notificationId, orderId: orderId, orderNumber: number, outId: "out-1", channel: "sms",
                                          status: status, recipientMasked: "138****0001", text: "【督办】…", characters: 60, parts: 1,
                                          providerMessageId: "biz-1", at: Date())
            let event = CloudEvent(id: "\(notificationId)#a1#\(status)\(index)", source: "/duban/notify", type: EventType.delivery, time: Date(),
                                   subject: orderId, data: delivery)
            _ = try await producer.send(try event.record(topic: BusTopics.deliveries, key: orderId))
        }
        await producer.close()
        func deliveries() throws -> Int {
            try stack.count("SELECT count(*) FROM dispatch.order_events WHERE transition = 'delivery_recorded'")
        }
        try await stack.eventually("the delivery recorded", timeout: .seconds(30)) { try deliveries() >= 1 }
        try await Task.sleep(for: .seconds(1))
        #expect(try deliveries() == 1, "one delivery per notification, however often the receipt comes")
        #expect(try stack.count("""
            SELECT count(*) FROM dispatch.orders WHERE state->'deliveries'->0->>'kind' = 'pre_warning.exceedance'
              AND state->'deliveries'->0->>'recipient' = '138****0001'
            """) == 1)

        // duban-ctl order: another county's officer is refused (exit 1, the code printed); the
        // city's officer cancels, which ends the order and signs its head.
        let refused = try stack.ctl(["order", "cancel", number, "--reason", "误报"] + Self.otherCountyOfficer)
        #expect(refused.status == 1)
        #expect(refused.errors.contains("outside_jurisdiction"), "\(refused.errors)")
        let cancelled = try stack.ctl(["order", "cancel", number, "--reason", "经核实为标定期间数据"] + Self.cityOfficer)
        #expect(cancelled.status == 0, "\(cancelled.errors)")
        #expect(cancelled.output.contains("已撤销") || cancelled.output.contains("撤销"), "\(cancelled.output)")
        let shown = try stack.ctl(["order", "show", number])
        #expect(shown.status == 0 && shown.output.contains(number) && shown.output.contains("签名链头") && shown.output.contains("outside_jurisdiction"),
                "\(shown.output)")

        // Export, then verify offline with the public key only.
        let directory = "\(stack.runDirectory)/package"
        let exported = try stack.ctl(["evidence", "export", number, "--out", directory])
        #expect(exported.status == 0, "\(exported.errors)")
        let verified = try stack.ctl(["evidence", "verify", directory, "--public-key", Self.publicKey])
        #expect(verified.status == 0, "\(verified.errors)")
        #expect(verified.output.contains("核验通过"))
        let frames = try String(contentsOfFile: "\(directory)/frames.jsonl", encoding: .utf8).split(separator: "\n")
        let raws = try frames.map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return Data(base64Encoded: try #require(object["raw"] as? String)) ?? Data()
        }
        #expect(raws.contains(Data(frame)), "the order's raw frame, byte for byte")
        #expect(try String(contentsOfFile: "\(directory)/judgments.jsonl", encoding: .utf8).contains("\"limitSource\""))
        #expect(try String(contentsOfFile: "\(directory)/summary.zh-CN.md", encoding: .utf8).contains(number))
        #expect(try String(contentsOfFile: "\(directory)/order/chain.jsonl", encoding: .utf8).contains("\"transition\":\"delivery_recorded\""))

        // Wrong usage is told apart from a package that does not verify (exit 2, not 1).
        #expect(try stack.ctl(["evidence", "verify", directory, "--public-key", "zz"]).status == 2)
        #expect(try stack.ctl(["evidence", "verify", "\(stack.runDirectory)/no-such-package", "--public-key", Self.publicKey]).status == 2)

        // Another key, one flipped byte in a file: refused, and the file named.
        let otherKey = String(repeating: "ab", count: 32)
        #expect(try stack.ctl(["evidence", "verify", directory, "--public-key", otherKey]).status == 1)
        let path = "\(directory)/frames.jsonl"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let tampered = try stack.ctl(["evidence", "verify", directory, "--public-key", Self.publicKey])
        #expect(tampered.status == 1)
        #expect(tampered.errors.contains("核验失败：frames.jsonl"), "\(tampered.errors)")

        // A head signed with an earlier key (a rotation) is left out with a note; the rest verifies.
        _ = try stack.sql("UPDATE dispatch.chain_heads SET public_key = repeat('0', 64)")
        let rotated = try stack.ctl(["evidence", "export", number, "--out", "\(stack.runDirectory)/package-rotated"])
        #expect(rotated.status == 0 && rotated.errors.contains("由其他密钥签名"), "\(rotated.errors)")
        #expect(try stack.ctl(["evidence", "verify", "\(stack.runDirectory)/package-rotated", "--public-key", Self.publicKey]).status == 0)

        // One byte of a stored event changed: nothing is exported, and the event is named.
        _ = try stack.sql("""
            UPDATE dispatch.order_events SET canonical = replace(canonical, '"transition":"opened"', '"transition":"opener"') WHERE sequence = 1
            """)
        let refusedExport = try stack.ctl(["evidence", "export", number, "--out", "\(stack.runDirectory)/package-2"])
        #expect(refusedExport.status == 1)
        #expect(refusedExport.errors.contains("序号1"), "\(refusedExport.errors)")
        #expect(!FileManager.default.fileExists(atPath: "\(stack.runDirectory)/package-2/manifest.json"))
    }

    @Test("a new episode at the same outlet within the join gap joins the open order; the package carries both judgments and every frame of the span; a suspected-false-mark verdict opens its own order in dispatch, once; a consistent verdict on the corrected mark cancels it with the reason, once; its package carries both verdicts")
    func groupedEpisodes() async throws {
        let stack = try await Stack(name: "grouping")
        defer { stack.stop() }
        for service in ["ingest", "judgment", "dispatch"] { try await stack.startService(service) }
        // Over the limit, under it, over it again: two episodes an hour apart (the join gap is 2 h).
        let last = DeviceFrames.lastFullHour()
        for (offset, so2) in [(-2, 450.0), (-1, 20.0), (0, 450.0)] {
            #expect(try ThinPathTests.send(try ThinPathTests.frame(hour: last.addingTimeInterval(Double(offset) * 3600), so2: so2), to: stack) != nil)
        }
        try await stack.eventually("both episodes judged", timeout: .seconds(45)) {
            try stack.count("SELECT count(DISTINCT id) FROM dispatch.judgments_received") == 2
        }
        try await stack.eventually("the second episode placed", timeout: .seconds(30)) {
            try stack.count("SELECT count(*) FROM dispatch.order_events WHERE transition = 'finding_added'") >= 1
        }
        #expect(try stack.count("SELECT count(*) FROM dispatch.orders") == 1, "one order for the outlet's exceedances")
        #expect(try stack.count("SELECT jsonb_array_length(state->'findings') FROM dispatch.orders") == 2)
        try await stack.eventually("every frame archived", timeout: .seconds(30)) { try stack.count("SELECT count(*) FROM dispatch.frame_archive") == 3 }

        let number = try stack.sql("SELECT number FROM dispatch.orders").trimmingCharacters(in: .whitespacesAndNewlines)
        let directory = "\(stack.runDirectory)/package"
        let exported = try stack.ctl(["evidence", "export", number, "--out", directory])
        #expect(exported.status == 0, "\(exported.errors)")
        #expect(try stack.ctl(["evidence", "verify", directory, "--public-key", Self.publicKey]).status == 0)
        let judgmentIds = try String(contentsOfFile: "\(directory)/judgments.jsonl", encoding: .utf8).split(separator: "\n").compactMap { line in
            (try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(Set(judgmentIds.map { $0.split(separator: "#").first.map(String.init) ?? $0 }).count == 2, "\(judgmentIds)")
        #expect(try String(contentsOfFile: "\(directory)/frames.jsonl", encoding: .utf8).split(separator: "\n").count == 3)
        // Marking's verdict of a suspected false mark on the same outlet (sent twice) opens one
        // order of its own type, straight in dispatch; the exceedance order is not touched.
        let verdict = MarkVerdict(id: "MK-it-1/v1/cement-kiln-stop-hot-chamber/suspected-false", kind: .suspectedFalse, ruleId: "cement-kiln-stop-hot-chamber", markId: "MK-it-1", markVersion: 1,
                                  markTypeId: "cement.kiln-stop", enterpriseId: "E-TP-01", outletId: "O-TP-01-1", mn: ThinPathTests.mn,
                                  start: last.addingTimeInterval(-2 * 3600), end: last, messageZh: "标记停运期间烟温仍高于1000℃", inputs: [],
                                  catalogueVersion: "mark-checks@it", decidedAt: Date())
        let producer = try Producer(configuration: KafkaConfiguration(bootstrapServers: stack.bootstrap, clientID: "it-verdicts"),
                                    logger: Logger(label: "it.verdicts", level: .warning))
        func publish(_ verdict: MarkVerdict) async throws {
            for _ in 0..<2 {
                let event = CloudEvent(id: "verdict:\(verdict.id)", source: "/duban/marking", type: EventType.markVerdict, time: Date(),
                                       subject: "MK-it-1", data: verdict)
                _ = try await producer.send(try event.record(topic: BusTopics.marks, key: ThinPathTests.mn))
            }
        }
        try await publish(verdict)
        try await stack.eventually("the suspected-false-mark order", timeout: .seconds(30)) {
            try stack.count("SELECT count(*) FROM dispatch.orders WHERE cause = 'suspected_false_mark' AND stage = 'dispatch'") == 1
        }
        try await Task.sleep(for: .seconds(1))
        #expect(try stack.count("SELECT count(*) FROM dispatch.orders") == 2)
        #expect(try stack.count("SELECT count(*) FROM dispatch.order_events WHERE transition = 'opened'") == 2)

        // The enterprise corrects the mark; Marking finds version 2 consistent (sent twice): the
        // suspected-false finding is withdrawn with the reason, which cancels the order, once.
        var corrected = verdict
        corrected.id = "MK-it-1/v2/all-rules/consistent"
        corrected.kind = .consistent
        corrected.ruleId = "all-rules"
        corrected.markVersion = 2
        corrected.messageZh = "更正后的标记与工况信号一致"
        try await publish(corrected)
        await producer.close()
        try await stack.eventually("the corrected mark's order cancelled", timeout: .seconds(30)) {
            try stack.count("SELECT count(*) FROM dispatch.orders WHERE cause = 'suspected_false_mark' AND status = 'cancelled'") == 1
        }
        try await stack.eventually("both verdicts kept", timeout: .seconds(10)) {
            try stack.count("SELECT count(*) FROM dispatch.mark_verdicts_received") == 2
        }
        try await Task.sleep(for: .seconds(1))
        #expect(try stack.count("""
            SELECT count(*) FROM dispatch.order_events e JOIN dispatch.orders o ON o.id = e.order_id
            WHERE o.cause = 'suspected_false_mark' AND e.transition = 'finding_withdrawn'
              AND e.canonical LIKE '%标记MK-it-1已更正，第2版核查一致%'
            """) == 1)
        #expect(try stack.count("SELECT count(*) FROM dispatch.order_events WHERE transition IN ('finding_withdrawn', 'cancelled')") == 2)
        #expect(try stack.count("SELECT count(*) FROM dispatch.orders WHERE cause = 'exceedance' AND status NOT IN ('closed', 'cancelled')") == 1,
                "the exceedance order is not touched")

        // Its package carries both verdicts, listed in the manifest and the summary, and verifies.
        let markOrder = try stack.sql("SELECT number FROM dispatch.orders WHERE cause = 'suspected_false_mark'")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let markPackage = "\(stack.runDirectory)/package-mark"
        let markExport = try stack.ctl(["evidence", "export", markOrder, "--out", markPackage])
        #expect(markExport.status == 0, "\(markExport.errors)")
        #expect(try stack.ctl(["evidence", "verify", markPackage, "--public-key", Self.publicKey]).status == 0)
        let verdictIds = try String(contentsOfFile: "\(markPackage)/mark-verdicts.jsonl", encoding: .utf8).split(separator: "\n").compactMap { line in
            (try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(verdictIds == [verdict.id, corrected.id])
        #expect(try String(contentsOfFile: "\(markPackage)/manifest.json", encoding: .utf8).contains("\"path\":\"mark-verdicts.jsonl\""))
        #expect(try String(contentsOfFile: "\(markPackage)/summary.zh-CN.md", encoding: .utf8)
            .contains("- 标记核查结论：2条（mark-verdicts.jsonl），其中一致1条、疑似虚假标记1条"))
    }
}
