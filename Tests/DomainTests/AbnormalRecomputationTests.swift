import Foundation
import Testing
@testable import Domain

/// The service's abnormal-operation path (`AbnormalRecomputation` + `JudgmentPublication`):
/// stored rows in, versioned findings out. Rules: gaps ≥ 60 min while operating, one fault gap of
/// at most 8 h per outlet per quarter exempted, unchanged values for 240 min (judgment-rules.json
/// 2026.1, judgment.md §4).
struct AbnormalRecomputationTests {
    typealias F = JudgmentFixtures
    static let start = F.cst("2026-03-10 08:00")
    static let subject = RecomputeSubject(mn: "MN1", pointId: "P1", outletId: "O1", outletName: "1号排口", enterpriseId: "E1",
                                          enterpriseName: "示范电厂", medium: .air, basis: .hour, countyCode: "510104", cityCode: "510100")
    static let recomputation = AbnormalRecomputation(rules: F.rules, flagEffects: F.flagEffects)

    static func at(_ hours: Int, minute: Int = 0) -> Date { start.addingTimeInterval(TimeInterval(hours * 3600 + minute * 60)) }

    /// Device hours of SO2 and O2: `flags[i]` for hour i.
    static func hours(_ flags: [String], so2: Double = 120) -> [StoredValue] {
        flags.enumerated().flatMap { hour, flag in
            [StoredValue(level: .hour, factor: "a21026", dataTime: at(hour), value: so2, converted: so2, flag: flag, frameId: "h\(hour)"),
             StoredValue(level: .hour, factor: "a19001", dataTime: at(hour), value: 6, converted: nil, flag: flag, frameId: "h\(hour)")]
        }
    }

    static func run(_ values: [StoredValue], hours: Int, windowStart: Date = start, used: [Quarter: Int] = [:]) throws -> AbnormalRecomputation.Result {
        let window = TimeSpan(start: windowStart, end: at(hours))!
        return try recomputation.recompute(subject: subject, window: window, judgedThrough: at(hours), values: values, marks: [],
                                           exemptionsUsedBefore: used)
    }

    @Test("nine D-flagged hours after an operating hour: one point-wide fault gap of 540 min, too long for the 8 h exemption, still open")
    func faultGapBeyondExemption() throws {
        let result = try Self.run(Self.hours(["N"] + Array(repeating: "D", count: 9)), hours: 10)
        #expect(result.judgments.count == 1)
        let gap = try #require(result.judgments.first)
        #expect(gap.kind == "missing-data")
        #expect(gap.kindName == "数据缺失")
        #expect(gap.id == "abn:missing-data:O1:*:\(Int64(Self.at(1).timeIntervalSince1970))@MN1")
        #expect(gap.factors == ["a19001", "a21026"])
        #expect(gap.periodStart == Self.at(1))
        #expect(gap.periodEnd == Self.at(10))
        #expect(gap.evidence.minutes == 540)
        #expect(gap.evidence.gapCause == "fault")
        #expect(gap.exemption == .init(used: false, quarter: nil))
        #expect(gap.ongoing)
        #expect(gap.status == .opened)
        #expect(gap.inputs == .init(cn: "2061", intervalSeconds: 3600, valuesInPeriod: 18, lastFrameId: "h9"))
        #expect(result.inputsHashes[gap.id]?.hasPrefix("fnv1a64:") == true)
    }

    @Test("a 3 h fault gap uses the quarter's exemption; with the exemption already used in the quarter it is abnormal")
    func exemptionOncePerQuarter() throws {
        let values = Self.hours(["N", "D", "D", "D", "N"])
        let exempted = try #require(try Self.run(values, hours: 5).judgments.first)
        #expect(exempted.exemption == .init(used: true, quarter: "2026Q1"))
        #expect(!exempted.ongoing)
        #expect(exempted.status == .closed)
        let counted = try #require(try Self.run(values, hours: 5, used: [Quarter(year: 2026, number: 1)!: 1]).judgments.first)
        #expect(counted.exemption == .init(used: false, quarter: nil))
        #expect(counted.evidence.minutes == 180)
    }

    @Test("the time before a point's first value in the window is not a gap; a gap of nothing received is 'no-data'")
    func seriesStartAtFirstValue() throws {
        // The window starts a day earlier; data begins at 08:00, stops after 10:00, resumes at 12:00.
        let values = Self.hours(["N", "N"]) + Self.hours(["N", "N", "N", "N", "N"]).filter { $0.dataTime >= Self.at(4) }
        let result = try Self.run(values, hours: 5, windowStart: Self.at(-24))
        #expect(result.judgments.count == 1)
        let gap = try #require(result.judgments.first)
        #expect(gap.periodStart == Self.at(2))
        #expect(gap.periodEnd == Self.at(4))
        #expect(gap.evidence.gapCause == "no-data")
        #expect(gap.inputs.valuesInPeriod == 0)
        #expect(gap.inputs.lastFrameId == nil)
    }

    @Test("minute values unchanged for 300 min while operating: one constant-value finding per factor; 239 min are not enough")
    func constantValues() throws {
        func minutes(_ count: Int) -> [StoredValue] {
            (0..<count).map { minute in
                StoredValue(level: .minute, factor: "a21026", dataTime: Self.at(0, minute: minute), value: 87.5, converted: nil, flag: "N",
                            frameId: "m\(minute)")
            }
        }
        let flat = try Self.run(minutes(300), hours: 5)
        #expect(flat.judgments.map(\.kind) == ["constant-value"])
        let finding = try #require(flat.judgments.first)
        #expect(finding.factors == ["a21026"])
        #expect(finding.evidence.value == 87.5)
        #expect(finding.evidence.minutes == 300)
        #expect(finding.inputs.cn == "2051")
        #expect(finding.inputs.intervalSeconds == 60)
        #expect(finding.inputs.lastFrameId == "m299")
        let varied = minutes(239) + [StoredValue(level: .minute, factor: "a21026", dataTime: Self.at(3, minute: 59), value: 90, converted: nil,
                                                 flag: "N", frameId: "m239")]
        #expect(try Self.run(varied, hours: 4).judgments.isEmpty)
    }

    @Test("nine M-flagged hours: no gap (scheduled maintenance) but one long M run per factor, over the 480 min the rules allow")
    func longMaintenance() throws {
        let result = try Self.run(Self.hours(["N"] + Array(repeating: "M", count: 9)), hours: 10)
        #expect(result.judgments.map(\.kind) == ["long-flag-run", "long-flag-run"])
        #expect(result.judgments.map(\.factors) == [["a19001"], ["a21026"]])
        let run = try #require(result.judgments.last)
        #expect(run.id == "abn:long-flag-run.M:O1:a21026:\(Int64(Self.at(1).timeIntervalSince1970))@MN1")
        #expect(run.evidence.flag == "M")
        #expect(run.evidence.minutes == 540)
    }

    @Test("an hour at 98 % of the analyser's range (490 of 500) is over range; 489 is not")
    func overRange() throws {
        func run(_ so2: Double) throws -> [AbnormalOperationJudgment] {
            let values = Self.hours(["N"], so2: 120) + Self.hours(["N", "N"], so2: so2).filter { $0.dataTime >= Self.at(1) }
            let window = TimeSpan(start: Self.start, end: Self.at(2))!
            return try Self.recomputation.recompute(subject: Self.subject, window: window, judgedThrough: Self.at(2), values: values,
                                                    marks: [], rangeHighs: ["a21026": 500]).judgments
        }
        let over = try run(490)
        #expect(over.map(\.kind) == ["over-range"])
        #expect(over.first?.evidence.value == 490)
        #expect(over.first?.evidence.rangeHigh == 500)
        #expect(over.first?.periodStart == Self.at(1))
        #expect(try run(489).isEmpty)
    }

    @Test("versions: new → opened@1, identical → nothing, grown → extended@2, ended → closed@3, gone → withdrawn@4 with the last payload")
    func publicationVersions() throws {
        let first = try Self.run(Self.hours(["N", "D", "D"]), hours: 3).judgments
        let opened = JudgmentPublication.reconcile(previous: [], current: first)
        #expect(opened.map(\.version) == [1])
        #expect(opened.map(\.status) == [.opened])
        #expect(JudgmentPublication.reconcile(previous: opened, current: first).isEmpty)
        let grown = try Self.run(Self.hours(["N", "D", "D", "D"]), hours: 4).judgments
        let extended = JudgmentPublication.reconcile(previous: opened, current: grown)
        #expect(extended.map(\.version) == [2])
        #expect(extended.map(\.status) == [.extended])
        #expect(extended.first?.periodEnd == Self.at(4))
        let ended = try Self.run(Self.hours(["N", "D", "D", "D", "N"]), hours: 5).judgments
        let closed = JudgmentPublication.reconcile(previous: extended, current: ended)
        #expect(closed.map(\.status) == [.closed])
        #expect(closed.map(\.version) == [3])
        let withdrawn = JudgmentPublication.reconcile(previous: closed, current: [])
        #expect(withdrawn.map(\.status) == [.withdrawn])
        #expect(withdrawn.map(\.version) == [4])
        #expect(withdrawn.first?.periodEnd == Self.at(4))
        // A finding found again after its withdrawal continues the count.
        #expect(JudgmentPublication.reconcile(previous: withdrawn, current: ended).map(\.version) == [5])
    }

    @Test("deterministic: the same rows give byte-identical canonical payloads, and they decode back")
    func deterministic() throws {
        let values = Self.hours(["N"] + Array(repeating: "D", count: 9))
        let a = try Self.run(values, hours: 10)
        let b = try Self.run(values.reversed(), hours: 10)
        #expect(a == b)
        let text = try JudgmentPublication.canonical(try #require(a.judgments.first))
        #expect(text == (try JudgmentPublication.canonical(try #require(b.judgments.first))))
        #expect(try JudgmentPublication.decode(text) == a.judgments.first)
    }

    @Test("the window looks back a day, floored to China-time midnight, and reaches back to a published finding's start")
    func windowCoversPublished() throws {
        let affected = TimeSpan(start: F.cst("2026-03-10 08:00"), end: F.cst("2026-03-10 09:00"))!
        #expect(AbnormalRecomputation.window(affected: affected, published: []).start == F.cst("2026-03-09 00:00"))
        var old = try #require(try Self.run(Self.hours(["N", "D", "D"]), hours: 3).judgments.first)
        old.periodStart = F.cst("2026-03-07 22:00")
        old.periodEnd = F.cst("2026-03-10 09:00")
        #expect(AbnormalRecomputation.window(affected: affected, published: [old]).start == F.cst("2026-03-07 00:00"))
        old.status = .withdrawn
        #expect(AbnormalRecomputation.window(affected: affected, published: [old]).start == F.cst("2026-03-09 00:00"))
    }

    /// Two hours of SO2 minutes flagged N from 08:00, and SO2's (a21026) state reports.
    static func statusRun(_ reports: [(minute: Int, value: String)], marks: [MarkRecord] = [], polId: String = "a21026")
        throws -> AbnormalRecomputation.Result {
        let values = (0..<120).map { minute in
            StoredValue(level: .minute, factor: "a21026", dataTime: at(0, minute: minute), value: 40 + Double(minute % 7), converted: nil,
                        flag: "N", frameId: "m\(minute)")
        }
        let reports = reports.map { SiteReport(polId: polId, code: "i12001", dataTime: at(0, minute: $0.minute), value: $0.value,
                                               frameId: "s\($0.minute)") }
        return try recomputation.recompute(subject: subject, window: TimeSpan(start: at(-24), end: at(2))!, judgedThrough: at(2),
                                           values: values, marks: marks, statusReports: reports)
    }

    static func maintenanceMark(from: Date, to: Date) -> MarkRecord {
        MarkRecord(id: "MK-7", version: 1, status: .active, typeId: "equipment.maintenance", family: .equipment, effect: .invalid,
                   enterpriseId: "E1", outletId: "O1", mn: "MN1", factors: ["a21026"], start: from, end: to, reasonKind: .planned,
                   reason: "例行维护", submittedBy: "u1", role: "enterprise", acceptedAt: from, catalogueVersion: "2026.1")
    }

    @Test("i12001 = 1 (maintenance) reported for SO2 from 08:20 to 09:00 while its minutes are flagged N without a maintenance mark: one status-contradiction of 40 min, closed; the state reported before the data is seen")
    func statusContradiction() throws {
        let result = try Self.statusRun([(-10, "0"), (20, "1"), (60, "0")])
        #expect(result.judgments.map(\.kind) == ["status-contradiction"])
        let finding = try #require(result.judgments.first)
        #expect(finding.id == "abn:status-contradiction:O1:a21026:\(Int64(Self.at(0, minute: 20).timeIntervalSince1970))@MN1")
        #expect(finding.kindName == "设备状态与数据标记或企业标记矛盾")
        #expect(finding.factors == ["a21026"])
        #expect(finding.periodStart == Self.at(0, minute: 20))
        #expect(finding.periodEnd == Self.at(1))
        #expect(finding.status == .closed)
        #expect(!finding.ongoing)
        #expect(finding.evidence.minutes == 40)
        #expect(finding.evidence.statusCode == "i12001")
        #expect(finding.evidence.statusValue == 1)
        #expect(finding.evidence.flagsSeen == ["N"])
        #expect(finding.inputs.valuesInPeriod == 40)
        // The reports behind the finding are part of its fingerprint; order does not matter.
        let other = try Self.statusRun([(-10, "0"), (20, "1"), (60, "0"), (30, "1")])
        #expect(other.judgments == result.judgments)
        #expect(other.inputsHashes[finding.id] != result.inputsHashes[finding.id])
        #expect(try Self.statusRun([(60, "0"), (20, "1"), (-10, "0")]) == result)
    }

    @Test("the same maintenance state under an equipment.maintenance mark is excused; a state of another analyser (PolId) does not apply to SO2")
    func statusExcusedByMark() throws {
        let mark = Self.maintenanceMark(from: Self.at(0, minute: 15), to: Self.at(1))
        #expect(try Self.statusRun([(20, "1"), (60, "0")], marks: [mark]).judgments.isEmpty)
        #expect(try Self.statusRun([(20, "1"), (60, "0")], polId: "a21002").judgments.isEmpty)
    }

    @Test("a maintenance state covering only 10 min is no contradiction (rules: ≥ 15 min); 15 min is one")
    func statusTooShort() throws {
        #expect(try Self.statusRun([(20, "1"), (30, "0")]).judgments.isEmpty)
        let fifteen = try Self.statusRun([(20, "1"), (35, "0")]).judgments
        #expect(fifteen.map(\.evidence.minutes) == [15])
    }

    @Test("a maintenance state reported at 08:30 and never again holds to the end of the judged data: an open finding of 90 min")
    func statusStillInForce() throws {
        let finding = try #require(try Self.statusRun([(30, "1")]).judgments.first)
        #expect(finding.kind == "status-contradiction")
        #expect(finding.status == .opened)
        #expect(finding.ongoing)
        #expect(finding.evidence.minutes == 90)
        #expect(finding.periodEnd == Self.at(2))
    }
}
