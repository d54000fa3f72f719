import Domain
import Foundation
import Testing

/// Abnormal-operation judgments as the supervision rules see them (`Finding(abnormal:)`): their
/// order type and detail, and an equipment fault inhibiting the exceedance it explains under the
/// Sichuan ruleset (data/supervision/rules.json: inhibitor abnormal_operation/equipment-fault,
/// inhibits exceedance, 60 min tolerance).
struct AbnormalSupervisionTests {
    typealias S = Supervision

    static func judgment(kind: String = "missing-data", gapCause: String? = "fault", flag: String? = nil, factors: [String] = ["a19001", "a21026"],
                         status: AbnormalOperationJudgment.Status = .opened, ongoing: Bool = true, minutes: Int = 540,
                         exempted: Bool = false) -> AbnormalOperationJudgment {
        AbnormalOperationJudgment(
            id: "abn:\(kind):DA001:*:1@MN001", version: 3, status: status, kind: kind, kindName: "数据缺失", enterpriseId: "e1",
            enterpriseName: "四川某某发电有限公司", outletId: "DA001", outletName: "1号炉排口", mn: "MN001", factors: factors,
            periodStart: S.monday - 9 * 3600, periodEnd: S.monday - 9 * 3600 + Double(minutes * 60), ongoing: ongoing,
            evidence: .init(minutes: minutes, flag: flag, runs: nil, value: nil, rangeHigh: nil, statusCode: nil, statusValue: nil,
                            flagsSeen: [], gapCause: gapCause, markIds: []),
            exemption: .init(used: exempted, quarter: exempted ? "2026Q1" : nil), rulesVersion: "2026.1",
            inputs: .init(cn: "2061", intervalSeconds: 3600, valuesInPeriod: 18, lastFrameId: "f"), countyCode: "510104", cityCode: "510100")
    }

    @Test("order type and detail per kind: a fault gap and a long D run are equipment faults; nothing received is missing data; B is connection")
    func typesAndDetails() {
        func mapped(_ judgment: AbnormalOperationJudgment) -> String {
            let finding = Finding(abnormal: judgment)
            return "\(finding.type.rawValue)/\(finding.detail ?? "-")"
        }
        #expect(mapped(Self.judgment()) == "abnormal_operation/equipment-fault")
        #expect(mapped(Self.judgment(gapCause: "no-data")) == "missing_data/no-data")
        #expect(mapped(Self.judgment(kind: "communication-loss", gapCause: "communication")) == "connection_abnormal/communication-loss")
        #expect(mapped(Self.judgment(kind: "constant-value", gapCause: nil)) == "abnormal_operation/constant-values")
        #expect(mapped(Self.judgment(kind: "over-range", gapCause: nil)) == "abnormal_operation/over-range")
        #expect(mapped(Self.judgment(kind: "long-flag-run", gapCause: nil, flag: "D")) == "abnormal_operation/equipment-fault")
        #expect(mapped(Self.judgment(kind: "long-flag-run", gapCause: nil, flag: "M")) == "abnormal_operation/long-maintenance")
    }

    @Test("the finding keeps id, version, point, span; one factor is named, several are not; ongoing only while not closed")
    func fields() {
        let finding = Finding(abnormal: Self.judgment())
        #expect(finding.id == "abn:missing-data:DA001:*:1@MN001")
        #expect(finding.version == 3)
        #expect(finding.monitoringPoint == "MN001")
        #expect(finding.factor == nil)
        #expect(finding.durationHours == 9)
        #expect(finding.ongoing)
        #expect(finding.summaryZh.contains("9.0小时"))
        #expect(finding.problem == nil)
        #expect(Finding(abnormal: Self.judgment(factors: ["a21026"])).factor == "a21026")
        #expect(!Finding(abnormal: Self.judgment(status: .closed, ongoing: false)).ongoing)
    }

    @Test("a fault stands while opened or extended, also within the exemption; closed (resolved) or withdrawn (rejected) it does not")
    func standing() {
        #expect(Finding.standsAsFault(Self.judgment()))
        #expect(Finding.standsAsFault(Self.judgment(status: .extended, exempted: true)))
        #expect(!Finding.standsAsFault(Self.judgment(status: .closed, ongoing: false)))
        #expect(!Finding.standsAsFault(Self.judgment(status: .withdrawn)))
    }

    @Test("a standing point-wide fault explains an exceedance at the point: the order opens inhibited, without a pre-warning; lifting notifies")
    func inhibitedOpening() throws {
        let fault = Finding(abnormal: Self.judgment())
        let exceedance = S.finding(start: S.monday - 3600)
        let inhibitors = EpisodeGrouping.inhibitors(of: exceedance, activeFaults: [fault], ruleset: S.sichuan)
        #expect(inhibitors == [fault.id])
        let opened = try S.open(exceedance, inhibitors: inhibitors)
        #expect(opened.order.isInhibited)
        #expect(opened.actions.isEmpty, "no notification while inhibited")
        #expect(opened.events.first?.reasonZh.contains("暂予抑制") == true)
        let lifted = try expectAccepted(opened.order, .liftInhibition(faultFindingId: fault.id, outcome: .resolved), by: S.system,
                                        at: S.monday + 3600)
        #expect(!lifted.order.isInhibited)
        #expect(!lifted.actions.isEmpty, "the held order is notified once the fault is resolved")
    }

    @Test("an order whose episode grows into a standing fault's span is held from then on; not twice, not once ended")
    func grownIntoFault() throws {
        // The fault starts at 10:00 + 3 h; an exceedance of 09:00–10:00 lies beyond the 60 min tolerance.
        var judgment = Self.judgment()
        judgment.periodStart = S.monday + 3 * 3600
        judgment.periodEnd = S.monday + 5 * 3600
        let fault = Finding(abnormal: judgment)
        let opened = try S.open(S.finding(start: S.monday - 3600, hours: 1), inhibitors: [])
        #expect(EpisodeGrouping.faultsNewlyExplaining(opened.order, standingFaults: [fault], ruleset: S.sichuan).isEmpty)
        let grown = try expectAccepted(opened.order, .addFinding(S.finding(version: 2, start: S.monday - 3600, hours: 4)), by: S.system,
                                       at: S.monday + 2 * 3600).order
        #expect(EpisodeGrouping.faultsNewlyExplaining(grown, standingFaults: [fault], ruleset: S.sichuan) == [fault.id])
        let held = try expectAccepted(grown, .inhibit(faultFindingId: fault.id, reason: "x"), by: S.system, at: S.monday + 2 * 3600).order
        #expect(EpisodeGrouping.faultsNewlyExplaining(held, standingFaults: [fault], ruleset: S.sichuan).isEmpty)
        let cancelled = try expectAccepted(grown, .cancel(reason: "误报"), by: S.countyOfficer, at: S.monday + 2 * 3600).order
        #expect(EpisodeGrouping.faultsNewlyExplaining(cancelled, standingFaults: [fault], ruleset: S.sichuan).isEmpty)
    }

    @Test("what a fault does not explain: another point, an exceedance long after a closed fault, a constant-value finding, a missing-data gap")
    func notExplained() {
        let fault = Finding(abnormal: Self.judgment())
        #expect(EpisodeGrouping.inhibitors(of: S.finding(point: "MN002"), activeFaults: [fault], ruleset: S.sichuan).isEmpty)
        let closed = Finding(abnormal: Self.judgment(status: .closed, ongoing: false, minutes: 60))
        #expect(EpisodeGrouping.inhibitors(of: S.finding(start: S.monday + 3 * 3600), activeFaults: [closed], ruleset: S.sichuan).isEmpty)
        let constant = Finding(abnormal: Self.judgment(kind: "constant-value", gapCause: nil))
        #expect(EpisodeGrouping.inhibitors(of: S.finding(), activeFaults: [constant], ruleset: S.sichuan).isEmpty)
        let noData = Finding(abnormal: Self.judgment(gapCause: "no-data"))
        #expect(EpisodeGrouping.inhibitors(of: S.finding(), activeFaults: [noData], ruleset: S.sichuan).isEmpty)
    }
}
