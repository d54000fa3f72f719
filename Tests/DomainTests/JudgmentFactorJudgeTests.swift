import Foundation
import Testing
@testable import Domain

/// The one-call path a service uses, end to end on two days of minute data, and its determinism.
@Suite(.timeLimit(.minutes(1)))
struct JudgmentFactorJudgeTests {
    typealias F = JudgmentFixtures
    static let start = F.cst("2026-05-10")
    static let judge = FactorJudge(rules: F.rules, flagEffects: F.flagEffects)

    /// SO2 minutes over two days: 300 mg/m³ from 22:00 to 02:00 (an episode across midnight), a
    /// fault 10:00–13:00 on the first day, otherwise 40–48; O2 at 6 %, flow 100 m³/s.
    static func input() -> FactorJudge.Input {
        let so2 = F.minutes(from: start, hours: 48) { minute in
            let hour = minute / 60
            if (22..<26).contains(hour) { return (300, .n) }
            if (10..<13).contains(hour) { return (0, .d) }
            return (40 + Double(minute % 9), .n)
        }
        let o2 = F.minutes(from: start, hours: 48) { _ in (6, .n) }
        let flow = F.minutes(from: start, hours: 48) { _ in (100, .n) }
        let fault = F.mark("f1", "equipment.fault", .invalid, "2026-05-10 10:00", "2026-05-10 13:00")
        return FactorJudge.Input(
            outletId: "DA001", pointId: "P1", medium: .air, pollutant: .init(factor: "a21026", minutes: so2, marks: [fault]),
            flow: .init(factor: "a00000", minutes: flow), oxygen: .init(factor: "a19001", minutes: o2),
            hourLimits: F.schedule([F.row("so2", .maximum(100), o2: 6)]))
    }

    @Test("two days of minutes: hours, days, the episode across midnight, the fault gap, quality — every output naming the rules version")
    func endToEnd() throws {
        let result = try Self.judge.judge(Self.input())
        #expect(result.hours.count == 48 && result.days.count == 2 && result.months.count == 1)
        #expect(result.hours.allSatisfy { $0.weighting == .flow || !$0.isValid })
        // Day 1: 21 valid hours (3 fault hours); day 2: 24.
        #expect(result.days.map(\.validCount) == [21, 24] && result.days.allSatisfy(\.isValid))
        #expect(result.episodes.count == 1)
        let episode = result.episodes[0]
        #expect(episode.start == F.cst("2026-05-10 22:00") && episode.end == F.cst("2026-05-11 02:00") && F.near(episode.multiple, 2))
        #expect(result.gaps.map(\.cause) == [.fault] && result.gaps[0].markIds == ["f1"])
        #expect(result.qualityDays.map(\.valid) == [21 * 60, 24 * 60])
        #expect(result.rulesVersion == "2026.1" && episode.rulesVersion == "2026.1" && result.qualityDays.allSatisfy { $0.rulesVersion == "2026.1" })
        let findings = QuarterlyGapExemption.findings(outletId: "DA001", gaps: result.gaps, rules: F.rules)
        #expect(findings.map(\.isExempted) == [true])
    }

    @Test("the same inputs and rules give identical results")
    func deterministic() throws {
        #expect(try Self.judge.judge(Self.input()) == Self.judge.judge(Self.input()))
    }

    @Test("a water outlet judged on daily means from device hours, with hourly pre-warning values")
    func waterDaily() throws {
        let cod = F.hourly(from: Self.start, (0..<48).map { $0 < 24 ? (90, .n) : (50, .n) })
        let limits = F.schedule([F.row("cod", factor: "w01018", .maximum(80), o2: nil, basis: .day)], factor: "w01018", basis: .day)
        let result = try Self.judge.judge(FactorJudge.Input(outletId: "DW001", pointId: "P2", medium: .water,
                                                            pollutant: .init(factor: "w01018", deviceHours: cod), dayLimits: limits))
        #expect(result.judgedDays.map(\.outcome) == [.exceeded, .withinLimit])
        #expect(result.judgedHours.count == 48 && result.judgedHours[0].outcome == .exceeded)
        #expect(result.episodes.map(\.basis) == [.day])
    }

    @Test("a factor without any data is refused with a specific error")
    func noData() {
        do {
            _ = try Self.judge.judge(FactorJudge.Input(outletId: "DA001", pointId: "P1", medium: .air, pollutant: .init(factor: "a21026")))
            Issue.record("judging nothing succeeded")
        } catch {
            #expect(error.code == .missingInput)
        }
    }
}
