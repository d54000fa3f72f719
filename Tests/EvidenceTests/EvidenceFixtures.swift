import Crypto
import Domain
import Evidence
import Foundation
import Testing

/// An order taken from dispatch to a confirmed violation through the real state machine and
/// rules, its chain sealed as Dispatch seals it, and the evidence around it.
enum EvidenceFixtures {
    static let dataDirectory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data/supervision")

    static let context: SupervisionContext = {
        do {
            let rules = try SupervisionRulesDocument.parse(try Data(contentsOf: dataDirectory.appendingPathComponent("rules.json")), file: "rules.json")
            let calendar = try HolidayCalendarDocument.parse(try Data(contentsOf: dataDirectory.appendingPathComponent("holidays.json")), file: "holidays.json")
            return SupervisionContext(ruleset: rules.ruleset(id: "sichuan-2023")!, calendar: calendar)
        } catch {
            fatalError("supervision data does not load: \(error)")
        }
    }()

    static let key = Ed25519.keyPair(seed: Array(repeating: 7, count: 32))!
    static let otherKey = Ed25519.keyPair(seed: Array(repeating: 9, count: 32))!

    static func cst(_ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        CivilDate(year: 2026, month: month, day: day)!.startInChina.addingTimeInterval(TimeInterval(hour * 3600 + minute * 60))
    }

    static let photo: [UInt8] = Array("现场照片：脱硫塔循环泵铭牌".utf8)
    static let photoReference = AttachmentReference(fileName: "现场照片.jpg", sha256: SHA256.hex(photo), sizeBytes: photo.count, kind: "photo")
    static let workOrder = AttachmentReference(fileName: "检修工单.pdf", sha256: String(repeating: "c3", count: 32), sizeBytes: 1_024, kind: "om-work-order")

    /// The full history: 10 events from opening in dispatch to the decision.
    static let history: [OrderEvent] = {
        do { return try makeHistory() } catch { fatalError("fixture history: \(error)") }
    }()

    static func makeHistory() throws -> [OrderEvent] {
        let jinjiang = JurisdictionPath(province: "510000", city: "510100", county: "510104")
        let enterprise = OrderEnterprise(id: "e1", name: "四川某某发电有限公司", industry: .thermalPower, location: jinjiang)
        let start = cst(3, 2, 10)
        let finding = Finding(id: "exc:DA001:a21026:1772416800", version: 1, type: .exceedance, basis: "hourly", enterpriseId: "e1",
                              outletId: "DA001", monitoringPoint: "MN001", factor: "a21026", factorName: "二氧化硫", start: start,
                              end: start + 5 * 3600, ongoing: true, value: 450, limit: 35, unit: "mg/m³", summaryZh: "二氧化硫小时均值超标")
        let system = OrderActor.system()
        let user = OrderActor.enterpriseUser(id: "u-e1", name: "王环保", enterpriseId: "e1")
        let officer = OrderActor.officer(id: "o-jj", name: "锦江执法员", jurisdiction: jinjiang)
        var events: [OrderEvent] = []
        let request = OrderOpeningRequest(id: "order-1", number: "DB20260302001", enterprise: enterprise, outletName: "1号炉排口/path",
                                          finding: finding, assignedBureau: jinjiang, markingDeadline: cst(3, 3, 12))
        let opened = try SupervisionOrder.open(request, by: system, at: start + 5 * 3600, context: context).get()
        var order = opened.order
        events += opened.events
        func run(_ command: OrderCommand, _ actor: OrderActor, _ time: Date) throws {
            let outcome = try order.handle(command, by: actor, at: time, context: context).get()
            events += outcome.events
            order = outcome.order
        }
        try run(.recordDelivery(.init(deliveryId: "d1", channel: "sms", recipient: "138****0001", kind: "dispatch.exceedance", deliveredAt: start + 5 * 3600 + 30)), system, start + 5 * 3600 + 60)
        try run(.submitReply(.init(whatHappened: "脱硫循环泵跳闸", actionsTaken: "已更换", attachments: [workOrder])), user, cst(3, 2, 17))
        try run(.acceptReply(note: "措施可行"), officer, cst(3, 2, 18))
        try run(.tick, system, cst(3, 3, 12))
        try run(.submitResponse(.init(kind: .confirmation, text: "确认超标事实", attachments: [])), user, cst(3, 4, 9))
        try run(.assignInvestigator(.init(investigatorId: "o-jj", investigatorName: "锦江执法员", mode: .onSite)), officer, cst(3, 4, 10))
        try run(.recordInvestigation(.init(mode: .onSite, findings: "现场核实循环泵跳闸", attachments: [photoReference], conductedAt: cst(3, 4, 14))), officer, cst(3, 4, 15))
        try run(.decide(.violationConfirmed(caseNumber: "川成锦环罚〔2026〕12号", penaltyTicketNumber: "DZFD2026000123", amountFen: 10_000_000)), officer, cst(3, 5, 10))
        return events
    }

    static let chain: [OrderEventRecord] = {
        do { return try OrderEventChain.sealAll(try SupervisionOrder.records(replaying: history)) } catch { fatalError("\(error)") }
    }()

    static func contents(checkpointsAt sequences: [Int] = [3, 10]) throws -> EvidenceContents {
        let judgment = ExceedanceJudgment(
            id: "exc:DA001:a21026:1772416800", version: 5, status: .extended, enterpriseId: "e1", enterpriseName: "四川某某发电有限公司",
            outletId: "DA001", outletName: "1号炉排口", mn: "MN001", factor: "a21026", factorName: "二氧化硫", unit: "mg/m³", basis: "hourly",
            periodStart: cst(3, 2, 10), periodEnd: cst(3, 2, 15), value: 450, limit: 35, multiple: 450.0 / 35 - 1,
            limitSource: .init(rowId: "gb13223-2011-t1-so2", standard: "GB 13223-2011", version: "2011", provisional: false),
            inputs: .init(cn: "2061", frameId: "f-1", mean: 400, convertedMean: 450, oxygenMean: 9, referenceO2: 6, flag: "N", valueSource: "recomputed"),
            countyCode: "510104", cityCode: "510100")
        let frame = FrameRecord(frameId: "f-1", mn: "MN001", cn: "2061", st: "31", qn: "20260302110000000", protocolVersion: "2017",
                                receivedAt: cst(3, 2, 11), peer: "10.0.0.8:5000", connectionId: 1,
                                raw: Array("##0101QN=20260302110000000;ST=31;CN=2061;...".utf8), deviations: [], duplicate: false)
        struct MarkHistory: Encodable {
            var id: String
            var type: String
            var start: Date
            var end: Date
            var history: [String]
        }
        let mark = MarkHistory(id: "m-1", type: "thermal-power.fault", start: cst(3, 2, 16), end: cst(3, 2, 18), history: ["submitted 3-3 14:00 (late)", "rejected: after lock"])
        let verdict = MarkVerdict(
            id: "m-1/v1/boiler-off-needs-flow/suspected-false", kind: .suspectedFalse, ruleId: "boiler-off-needs-flow", markId: "m-1",
            markVersion: 1, markTypeId: "thermal-power.fault", enterpriseId: "e1", outletId: "DA001", mn: "MN001",
            start: cst(3, 2, 16), end: cst(3, 2, 18), messageZh: "故障标记期间烟气流量正常", inputs: [], catalogueVersion: "2026.1",
            decidedAt: cst(3, 3, 15))
        var consistent = verdict
        consistent.id = "m-1/v2/all-rules/consistent"
        consistent.kind = .consistent
        consistent.markVersion = 2
        return EvidenceContents(
            orderId: "order-1", orderNumber: "DB20260302001", chain: chain,
            checkpoints: sequences.map { SignedChainHead.sign(orderId: "order-1", sequence: $0, hash: chain[$0 - 1].hash, at: chain[$0 - 1].occurredAt + 0.75, with: key) },
            orderEvents: history,
            judgments: [try EvidenceEntry(id: judgment.id, kind: "judgment.exceedance", record: judgment)],
            catalogueVersions: [.init(name: "standards", version: "2026.1", sha256: nil, source: "data/catalogue/standards.json")],
            frames: [frame],
            marks: [try EvidenceEntry(id: "m-1", kind: "mark", record: mark)],
            markVerdicts: [try EvidenceEntry(id: verdict.id, kind: "mark.verdict.suspected-false", record: verdict),
                           try EvidenceEntry(id: consistent.id, kind: "mark.verdict.consistent", record: consistent)],
            attachmentContents: [photoReference.sha256: photo])
    }

    static func package() throws -> EvidencePackage {
        try EvidencePackage.assemble(try contents(), signingKey: key, exportedAt: cst(3, 6, 9, 30))
    }

    /// A copy of `package` with the bytes of `path` changed by `edit`.
    static func edited(_ package: EvidencePackage, _ path: String, _ edit: (inout [UInt8]) -> Void) -> EvidencePackage {
        var copy = package
        var bytes = copy.files[path]!
        edit(&bytes)
        copy.files[path] = bytes
        return copy
    }

    static func lines(_ bytes: [UInt8]) -> [[UInt8]] { bytes.split(separator: 0x0A).map(Array.init) }

    static func joined(_ lines: [[UInt8]]) -> [UInt8] { lines.flatMap { $0 + [0x0A] } }

    /// Replaces the first occurrence of `old` with `new` (same length) inside `bytes` from `offset`.
    static func replace(_ old: String, with new: String, in bytes: inout [UInt8], from offset: Int = 0) {
        let needle = Array(old.utf8)
        let replacement = Array(new.utf8)
        precondition(needle.count == replacement.count)
        for index in offset...(bytes.count - needle.count) where Array(bytes[index..<index + needle.count]) == needle {
            bytes.replaceSubrange(index..<index + needle.count, with: replacement)
            return
        }
        preconditionFailure("\(old) not found")
    }
}
