import Foundation
import Testing
@testable import Domain

/// The outlet's gaps in a quarter (`OutletGapSequence`): the number of each gap, what the
/// supervision trigger "a second gap in the quarter" compares, and the one fault gap of at most
/// 8 h the quarter exempts, both decided over every point of the outlet (judgment-rules.json
/// 2026.1 `gapExemption`: 8 h, once a quarter; judgment.md §4).
struct AbnormalGapSequenceTests {
    typealias F = JudgmentFixtures
    typealias R = AbnormalRecomputationTests

    /// A published gap finding of outlet O1 at `mn`, `hours` long from `start` (China time).
    static func gap(_ start: String, hours: Int, mn: String = "MN1", cause: DataGap.Cause = .fault, kind: AbnormalFinding.Kind = .missingData,
                    version: Int = 1, occurrence: Int? = nil, exempted: Bool = false) -> AbnormalOperationJudgment {
        let begin = F.cst(start)
        let end = begin.addingTimeInterval(TimeInterval(hours * 3600))
        return AbnormalOperationJudgment(
            id: "abn:\(kind.rawValue):O1:*:\(Int64(begin.timeIntervalSince1970))@\(mn)", version: version, status: .closed, kind: kind.rawValue,
            kindName: kind.nameZh, enterpriseId: "E1", enterpriseName: "示范电厂", outletId: "O1", outletName: "1号排口", mn: mn,
            factors: ["a21026"], periodStart: begin, periodEnd: end, ongoing: false,
            evidence: .init(minutes: hours * 60, flag: kind == .communicationLoss ? "B" : nil, runs: nil, value: nil, rangeHigh: nil,
                            statusCode: nil, statusValue: nil, flagsSeen: [], gapCause: cause.rawValue, markIds: []),
            exemption: .init(used: exempted, quarter: exempted ? Quarter(containing: begin).description : nil), occurrencesInQuarter: occurrence,
            rulesVersion: F.rules.version, inputs: .init(cn: "2061", intervalSeconds: 3600, valuesInPeriod: 0, lastFrameId: nil),
            countyCode: "510104", cityCode: "510100")
    }

    static func settled(_ findings: [AbnormalOperationJudgment]) -> [String] {
        OutletGapSequence.settle(findings, rules: F.rules).map { "#\($0.occurrencesInQuarter ?? 0)\($0.exemption.used ? " exempt" : "")" }
    }

    @Test("one point, two gaps in a quarter: a 3 h D-flagged gap (exempted) is #1, the 2 h of nothing received after it #2")
    func twoGapsOfOnePoint() throws {
        // 08:00 N, 09–11 D, 12 N, 13–14 nothing received, 15 N (2026-03-10, Q1).
        let values = R.hours(["N", "D", "D", "D", "N", "N", "N", "N"]).filter { $0.dataTime < R.at(5) || $0.dataTime >= R.at(7) }
        let result = try R.run(values, hours: 8)
        let settlement = OutletGapSequence.settle(recomputed: result.judgments, replacing: [], published: [], rules: F.rules)
        #expect(settlement.current.map(\.evidence.gapCause) == ["fault", "no-data"])
        #expect(settlement.current.map(\.occurrencesInQuarter) == [1, 2])
        #expect(settlement.current.map(\.exemption) == [.init(used: true, quarter: "2026Q1"), .init(used: false, quarter: nil)])
        #expect(settlement.republished.isEmpty)
        // The point's own view (`AbnormalRecomputation` alone) carries no number: the outlet decides it.
        #expect(result.judgments.allSatisfy { $0.occurrencesInQuarter == nil })
    }

    @Test("a later gap never renumbers an earlier one: the second gap of the quarter is #2, the first is not published again")
    func laterGapLeavesEarlierAlone() {
        let first = Self.gap("2026-03-10 09:00", hours: 3, occurrence: 1, exempted: true)
        let second = Self.gap("2026-03-20 01:00", hours: 2, cause: .noData)
        let settlement = OutletGapSequence.settle(recomputed: [second], replacing: [], published: [first], rules: F.rules)
        #expect(settlement.current.map(\.occurrencesInQuarter) == [2])
        #expect(settlement.current.first?.exemption.used == false)
        #expect(settlement.republished.isEmpty)
    }

    @Test("a withdrawn earlier gap lowers the later ones: the later gap is published again as #1 with the freed exemption")
    func withdrawnGapRenumbers() throws {
        let first = Self.gap("2026-03-10 09:00", hours: 3, occurrence: 1, exempted: true)
        let second = Self.gap("2026-03-20 01:00", hours: 2, version: 3, occurrence: 2)
        // A mark removes the first gap: its point's recomputation finds nothing where it was.
        let settlement = OutletGapSequence.settle(recomputed: [], replacing: [first], published: [first, second], rules: F.rules)
        #expect(settlement.current.isEmpty)
        #expect(settlement.republished.count == 1)
        let again = try #require(settlement.republished.first)
        #expect(again.id == second.id)
        #expect(again.version == 4)
        #expect(again.status == .closed)
        #expect(again.occurrencesInQuarter == 1)
        #expect(again.exemption == .init(used: true, quarter: "2026Q1"))
    }

    @Test("two points of one outlet: the exemption goes to the outlet's first fault gap whichever point is recomputed last")
    func exemptionOnceAcrossPoints() {
        // MN1's 3 h fault gap on the 12th took the exemption; MN2's 2 h fault gap of the 11th arrives late.
        let published = Self.gap("2026-03-12 09:00", hours: 3, mn: "MN1", occurrence: 1, exempted: true)
        let late = Self.gap("2026-03-11 09:00", hours: 2, mn: "MN2")
        let settlement = OutletGapSequence.settle(recomputed: [late], replacing: [], published: [published], rules: F.rules)
        #expect(settlement.current.map(\.occurrencesInQuarter) == [1])
        #expect(settlement.current.first?.exemption == .init(used: true, quarter: "2026Q1"))
        #expect(settlement.republished.map(\.id) == [published.id])
        #expect(settlement.republished.first?.occurrencesInQuarter == 2)
        #expect(settlement.republished.first?.exemption == .init(used: false, quarter: nil))
        #expect(settlement.republished.first?.version == 2)
        // The same set in any order gives the same numbers: never two exemptions in the quarter.
        let forward = Self.settled([late, published])
        #expect(forward == ["#1 exempt", "#2"])
        #expect(Self.settled([published, late]) == ["#2", "#1 exempt"])
    }

    @Test("overlapping gaps of two points are one outlet gap: one number, one exemption, as long as the outlet's span is within 8 h")
    func overlappingPointsAreOneGap() {
        let a = Self.gap("2026-03-10 09:00", hours: 3, mn: "MN1")
        let b = Self.gap("2026-03-10 10:00", hours: 4, mn: "MN2")
        let c = Self.gap("2026-03-10 20:00", hours: 1, mn: "MN2", cause: .noData)
        #expect(Self.settled([a, b, c]) == ["#1 exempt", "#1 exempt", "#2"])
        // MN2's gap running to 18:00 makes the outlet's gap 9 h: beyond the exemption.
        let long = Self.gap("2026-03-10 10:00", hours: 8, mn: "MN2")
        #expect(Self.settled([a, long, c]) == ["#1", "#1", "#2"])
        // A gap that is not all fault (nothing received at one point) is not exempted either.
        let mixed = Self.gap("2026-03-10 10:00", hours: 1, mn: "MN2", cause: .noData)
        #expect(Self.settled([a, mixed]) == ["#1", "#1"])
    }

    @Test("numbers restart each China-time quarter; communication losses are counted apart from missing data; other kinds get none")
    func quartersAndKinds() {
        let march = Self.gap("2026-03-31 22:00", hours: 3, cause: .noData)
        let april = Self.gap("2026-04-01 03:00", hours: 2, cause: .noData)
        let link = Self.gap("2026-04-01 06:00", hours: 2, cause: .communication, kind: .communicationLoss)
        let link2 = Self.gap("2026-04-02 06:00", hours: 2, cause: .communication, kind: .communicationLoss)
        let april2 = Self.gap("2026-04-03 03:00", hours: 9)
        var constant = Self.gap("2026-04-01 08:00", hours: 5)
        constant.kind = AbnormalFinding.Kind.constantValue.rawValue
        var withdrawn = Self.gap("2026-04-01 01:00", hours: 1)
        withdrawn.status = .withdrawn
        let settled = OutletGapSequence.settle([march, april, link, link2, april2, constant, withdrawn], rules: F.rules)
        #expect(settled.map(\.occurrencesInQuarter) == [1, 1, 1, 2, 2, nil, nil])
        #expect(settled.map(\.exemption.used) == [false, false, false, false, false, false, false])
        #expect(OutletGapSequence.quarters(of: [april2, march, constant]) == [Quarter(year: 2026, number: 1)!, Quarter(year: 2026, number: 2)!])
        #expect(Quarter(year: 2026, number: 4)!.end == F.cst("2027-01-01 00:00"))
        #expect(Quarter("2026Q2") == Quarter(year: 2026, number: 2))
        #expect(Quarter("2026Q5") == nil)
        #expect(Quarter("26Q1") == nil)
    }

    @Test("the number is in the canonical payload of a gap only; a payload without it (published before) still decodes")
    func canonicalPayload() throws {
        let numbered = OutletGapSequence.settle([Self.gap("2026-03-10 09:00", hours: 2)], rules: F.rules)[0]
        let text = try JudgmentPublication.canonical(numbered)
        #expect(text.contains("\"occurrencesInQuarter\":1"))
        #expect(try JudgmentPublication.decode(text) == numbered)
        let plain = Self.gap("2026-03-10 09:00", hours: 2)
        let old = try JudgmentPublication.canonical(plain)
        #expect(!old.contains("occurrencesInQuarter"))
        #expect(try JudgmentPublication.decode(old, as: AbnormalOperationJudgment.self).occurrencesInQuarter == nil)
        // A number that changes is a change: a new version of the finding.
        #expect(JudgmentPublication.reconcile(previous: [plain], current: [numbered]).map(\.version) == [2])
    }
}
