import Foundation
import Testing
@testable import Domain

/// How far back HJ 75 substitutes look (`SubstitutionLookback`) and the previous valid hours
/// continuing into the stored history before the window (judgment-rules.json 2026.1
/// `substitution`: the largest of the previous 180 valid hours for a run of at most 24 h at a
/// capture rate of at least 0.9, else 720, and 2160 below 0.9).
@Suite(.timeLimit(.minutes(1)))
struct TotalsSubstitutionLookbackTests {
    typealias F = JudgmentFixtures
    typealias P = TotalsPointAmountsTests

    static func rules(previousValidHours: Int) -> JudgmentRules {
        var rules = F.rules
        rules.substitution.rows = [.init(minimumCaptureRate: 0, maximumGapHours: nil, previousValidHours: previousValidHours)]
        return rules
    }

    static func window(hours: Int) throws -> TimeSpan {
        try #require(TimeSpan(start: P.start, end: P.start.addingTimeInterval(TimeInterval(hours * 3600))))
    }

    @Test("the seed table needs the raw rows of the 24 h before (its longest run limit) and 2160 previous valid hours, searched a year back at most")
    func fromSeedRules() {
        let lookback = SubstitutionLookback(rules: F.rules.substitution)
        #expect(lookback.runHours == 24)
        #expect(lookback.window == 86_400)
        #expect(lookback.validHours == 2160)
        #expect(SubstitutionLookback.searchLimit == 366 * 86_400)
        #expect(SubstitutionLookback(rules: Self.rules(previousValidHours: 5).substitution).runHours == 0)
    }

    @Test("an invalid first hour has no previous valid hour in the window: unknown without history, the largest of the history with it")
    func historyBeforeTheWindow() throws {
        let values = [P.hour("a21026", 0, 100, flag: "D"), P.hour("a00000", 0, 10), P.hour("a21026", 1, 90), P.hour("a00000", 1, 10)]
        let amounts = PointAmounts(rules: F.rules, flagEffects: F.flagEffects)
        let bare = try amounts.recompute(subject: P.subject, window: try Self.window(hours: 2), values: values, marks: [])
        #expect(bare.first?.hours.map(\.layer) == [.unknown, .measured])
        #expect(SubstitutionLookback.needsHistory(bare, within: try Self.window(hours: 2)))
        // Only the hours recomputed for storing count: the invalid hour 0 lies before them.
        let later = try #require(TimeSpan(start: P.start.addingTimeInterval(3600), end: P.start.addingTimeInterval(7200)))
        #expect(!SubstitutionLookback.needsHistory(bare, within: later))
        // Stored valid hours before the window, newest first: 80, 120, 60.
        let series = try amounts.recompute(subject: P.subject, window: try Self.window(hours: 2), values: values, marks: [],
                                           history: ["a21026": [80, 120, 60], "a00000": [12]])
        let first = try #require(series.first?.hours.first)
        #expect(first.layer == .substituted)
        #expect(first.concentration == 120)
        #expect(first.concentrationSubstituted && !first.flowSubstituted)
        // 120 mg/m³ × 10 m³/s × 3600 s = 4.32 kg.
        #expect(F.near(first.tonnes, 0.00432))
    }

    @Test("the previous N valid hours run from the window into the history, newest first, and stop at N")
    func previousHoursAcrossTheWindowStart() {
        // N = 3: the window's 20 and 10, then the history's newest (30); the 99 before it is the 4th.
        let window: [Double?] = [10, nil, 20, nil, nil]
        let rules = Self.rules(previousValidHours: 3).substitution
        let substitutes = Substitutes(values: window, operating: Array(repeating: true, count: 5), history: [30, 99], rules: rules)
        #expect(substitutes.value(at: 3)?.value == 30)
        #expect(substitutes.value(at: 3)?.substituted == true)
        // Before the first gap only the 10 is in the window: the history's 30 and 99 make up N.
        #expect(substitutes.value(at: 1)?.value == 99)
        #expect(Substitutes.largestOfPrevious(3, before: 1, in: window, history: [30, 99]) == 99)
        #expect(Substitutes.largestOfPrevious(2, before: 1, in: window, history: [30, 99]) == 30)
        #expect(Substitutes.largestOfPrevious(2, before: 0, in: window, history: []) == nil)
    }

    @Test("a flow hour measured validly everywhere needs no history; an invalid one is substituted from the flow's own history")
    func flowHistory() throws {
        let measured = [P.hour("a21026", 0, 100), P.hour("a00000", 0, 10)]
        let amounts = PointAmounts(rules: F.rules, flagEffects: F.flagEffects)
        let plain = try amounts.recompute(subject: P.subject, window: try Self.window(hours: 1), values: measured, marks: [])
        #expect(!SubstitutionLookback.needsHistory(plain, within: try Self.window(hours: 1)))
        let invalidFlow = [P.hour("a21026", 0, 100), P.hour("a00000", 0, 10, flag: "D")]
        let series = try amounts.recompute(subject: P.subject, window: try Self.window(hours: 1), values: invalidFlow, marks: [],
                                           history: ["a00000": [11, 14]])
        let hour = try #require(series.first?.hours.first)
        #expect(hour.flowSubstituted && !hour.concentrationSubstituted)
        #expect(hour.flow == 14)
        #expect(PointAmounts.flow(of: .water).factor == "w00000")
        #expect(PointAmounts.flow(of: .air).unit == .cubicMetresPerSecond)
    }
}
