import Domain
import Foundation
import Testing

/// Fixtures for the supervision tests: the real rules and holiday files, a Chengdu enterprise
/// under the Jinjiang district bureau, one actor per role, and finding builders in China time.
enum Supervision {
    static let dataDirectory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data/supervision")

    static let rules: SupervisionRules = {
        let url = dataDirectory.appendingPathComponent("rules.json")
        do { return try SupervisionRulesDocument.parse(try Data(contentsOf: url), file: "rules.json") } catch {
            fatalError("data/supervision/rules.json does not load: \(error)")
        }
    }()

    static let calendar: HolidayCalendar = {
        let url = dataDirectory.appendingPathComponent("holidays.json")
        do { return try HolidayCalendarDocument.parse(try Data(contentsOf: url), file: "holidays.json") } catch {
            fatalError("data/supervision/holidays.json does not load: \(error)")
        }
    }()

    static let sichuan = rules.ruleset(id: "sichuan-2023")!
    static let context = SupervisionContext(ruleset: sichuan, calendar: calendar)

    // Jurisdictions: Sichuan / Chengdu / Jinjiang (the enterprise's), Qingyang; Mianyang / Fucheng.
    static let province = JurisdictionPath(province: "510000")
    static let chengdu = JurisdictionPath(province: "510000", city: "510100")
    static let jinjiang = JurisdictionPath(province: "510000", city: "510100", county: "510104")
    static let qingyang = JurisdictionPath(province: "510000", city: "510100", county: "510105")
    static let mianyang = JurisdictionPath(province: "510000", city: "510700")

    static let enterprise = OrderEnterprise(id: "e1", name: "四川某某发电有限公司", industry: .thermalPower, location: jinjiang)

    static let system = OrderActor.system()
    static let enterpriseUser = OrderActor.enterpriseUser(id: "u-e1", name: "王环保", enterpriseId: "e1")
    static let otherEnterpriseUser = OrderActor.enterpriseUser(id: "u-e2", name: "李四", enterpriseId: "e2")
    static let operations = OrderActor.operationsStaff(id: "om-1", name: "运维张工", servedEnterpriseIds: ["e1", "e9"])
    static let otherOperations = OrderActor.operationsStaff(id: "om-2", name: "运维赵工", servedEnterpriseIds: ["e2"])
    static let countyOfficer = OrderActor.officer(id: "o-jj", name: "锦江执法员", jurisdiction: jinjiang)
    static let otherCountyOfficer = OrderActor.officer(id: "o-qy", name: "青羊执法员", jurisdiction: qingyang)
    static let cityOfficer = OrderActor.officer(id: "o-cd", name: "成都执法员", jurisdiction: chengdu)
    static let otherCityOfficer = OrderActor.officer(id: "o-my", name: "绵阳执法员", jurisdiction: mianyang)
    static let provinceOfficer = OrderActor.officer(id: "o-sc", name: "省厅执法员", jurisdiction: province)

    /// China time on a civil day.
    static func cst(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Date {
        CivilDate(year: year, month: month, day: day)!.startInChina.addingTimeInterval(TimeInterval(hour * 3600 + minute * 60))
    }

    /// Monday 2026-03-02 10:00 China time: a plain working week.
    static let monday = cst(2026, 3, 2, 10)

    static func finding(_ type: OrderType = .exceedance, id: String = "f1", version: Int = 1, basis: String? = "hourly",
                        detail: String? = nil, start: Date = monday, hours: Double = 1, ongoing: Bool = true,
                        factor: String? = "a21026", outlet: String = "DA001", point: String? = "MN001",
                        measures: [TriggerMeasure: Double] = [:]) -> Finding {
        Finding(id: id, version: version, type: type, detail: detail, basis: type == .exceedance ? basis : nil, enterpriseId: "e1",
                outletId: outlet, monitoringPoint: point, factor: factor, factorName: factor == nil ? nil : "二氧化硫",
                start: start, end: start.addingTimeInterval(hours * 3600), ongoing: ongoing,
                value: type == .exceedance ? 450 : nil, limit: type == .exceedance ? 35 : nil, unit: type == .exceedance ? "mg/m³" : nil,
                measures: measures, summaryZh: "\(type.nameZh)：1号炉排口")
    }

    static func request(_ finding: Finding, id: String = "o1", inhibitors: [String] = [],
                        markingDeadline: Date? = cst(2026, 3, 3, 12)) -> OrderOpeningRequest {
        OrderOpeningRequest(id: id, number: "DB20260302001", enterprise: enterprise, outletName: "1号炉排口", finding: finding,
                            assignedBureau: jinjiang, markingDeadline: markingDeadline, inhibitors: inhibitors)
    }

    static func open(_ finding: Finding = finding(), at time: Date = monday, inhibitors: [String] = [],
                     markingDeadline: Date? = cst(2026, 3, 3, 12)) throws -> OrderOutcome {
        try SupervisionOrder.open(request(finding, inhibitors: inhibitors, markingDeadline: markingDeadline), by: system, at: time,
                                  context: context).get()
    }

    static let attachment = AttachmentReference(fileName: "脱硫检修记录.pdf", sha256: String(repeating: "ab", count: 32),
                                                sizeBytes: 20_480, kind: "om-work-order")
    static let reply = EnterpriseReply(whatHappened: "脱硫浆液循环泵跳闸", actionsTaken: "16时恢复运行并检修", attachments: [attachment])
}

/// Runs `command` and returns the outcome, recording the refusal as a test failure.
@discardableResult
func expectAccepted(_ order: SupervisionOrder, _ command: OrderCommand, by actor: OrderActor, at time: Date,
            context: SupervisionContext = Supervision.context, sourceLocation: SourceLocation = #_sourceLocation) throws -> OrderOutcome {
    switch order.handle(command, by: actor, at: time, context: context) {
    case .success(let outcome): return outcome
    case .failure(let refusal):
        Issue.record("refused \(command.code) by \(actor.label): \(refusal)", sourceLocation: sourceLocation)
        throw refusal
    }
}

/// Runs `command` expecting a refusal and returns it.
func expectRefused(_ order: SupervisionOrder, _ command: OrderCommand, by actor: OrderActor, at time: Date,
            context: SupervisionContext = Supervision.context, sourceLocation: SourceLocation = #_sourceLocation) -> OrderRefusal? {
    switch order.handle(command, by: actor, at: time, context: context) {
    case .success(let outcome):
        Issue.record("accepted \(command.code) by \(actor.label), expected a refusal; events: \(outcome.events.map(\.change.transition))",
                     sourceLocation: sourceLocation)
        return nil
    case .failure(let refusal): return refusal
    }
}

extension OrderOutcome {
    var transitions: [String] { events.map(\.change.transition) }

    var notificationKinds: [String] {
        actions.compactMap { if case .notify(let intent) = $0 { intent.kind } else { nil } }
    }
}
