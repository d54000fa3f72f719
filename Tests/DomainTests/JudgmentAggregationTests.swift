import Foundation
import Testing
@testable import Domain

/// Golden tests of validity and aggregation, computed by hand. Each cites the rule it checks.
@Suite(.timeLimit(.minutes(1)))
struct JudgmentAggregationTests {
    typealias F = JudgmentFixtures
    static let eight = F.cst("2026-03-10 08:00")

    /// One hour of minutes: the first `valid` at `value` flagged N, the rest not received.
    static func hour(valid: Int, value: Double = 100) -> [PeriodMean] {
        let series = F.minutes(from: eight, hours: 1) { $0 < valid ? (value, .n) : nil }
        return try! F.aggregator.hourly(F.resolve(series))
    }

    @Test("HJ 75-2017: an hour is valid with at least 45 valid minutes — 44 is not, 45 is")
    func fortyFourVersusFortyFive() throws {
        let short = try #require(Self.hour(valid: 44).first)
        #expect(!short.isValid)
        #expect(short.validCount == 44 && short.requiredCount == 45)
        #expect(short.minutes.missing == 16)
        // The mean of what was valid is kept for display, but the hour is not valid.
        #expect(short.value == 100 && short.validValue == nil)

        let enough = try #require(Self.hour(valid: 45).first)
        #expect(enough.isValid)
        #expect(enough.validValue == 100)
        #expect(enough.weighting == .arithmetic)
        #expect(enough.source == .recomputed)
    }

    @Test("HJ 75-2017 with 10-minute data: each value stands for 10 minutes, so 4 values (40 min) are too few and 5 (50 min) enough")
    func tenMinuteData() throws {
        let four = F.minutes(from: Self.eight, hours: 1, interval: 600) { $0 < 4 ? (50, .n) : nil }
        let five = F.minutes(from: Self.eight, hours: 1, interval: 600) { $0 < 5 ? (50, .n) : nil }
        #expect(try F.aggregator.hourly(F.resolve(four))[0].validCount == 40)
        #expect(try !F.aggregator.hourly(F.resolve(four))[0].isValid)
        #expect(try F.aggregator.hourly(F.resolve(five))[0].isValid)
    }

    @Test("judgment.md §1: a C-flagged hour — 20 calibration minutes leave 40 valid, so the hour is invalid whatever the values")
    func calibrationFlaggedHour() throws {
        // Minutes 0–19 flagged C at a span-gas value of 900, minutes 20–59 N at 100.
        let series = F.minutes(from: Self.eight, hours: 1) { $0 < 20 ? (900, .c) : (100, .n) }
        let hour = try #require(try F.aggregator.hourly(F.resolve(series)).first)
        #expect(!hour.isValid)
        #expect(hour.minutes.invalid == 20 && hour.minutes.valid == 40)
        // The calibration values never enter the mean.
        #expect(hour.value == 100)

        // 15 minutes of C leave 45 valid minutes: valid, mean of the N minutes only.
        let shorter = F.minutes(from: Self.eight, hours: 1) { $0 < 15 ? (900, .c) : (100, .n) }
        #expect(try F.aggregator.hourly(F.resolve(shorter))[0].validValue == 100)
    }

    @Test("judgment.md §1: S is never a measured value — 45 received minutes with one S leave 44 valid")
    func manuallySetValueDoesNotCount() throws {
        let series = F.minutes(from: Self.eight, hours: 1) { $0 == 0 ? (100, .s) : ($0 < 45 ? (100, .n) : nil) }
        let hour = try F.aggregator.hourly(F.resolve(series))[0]
        #expect(hour.validCount == 44 && !hour.isValid)
        #expect(hour.minutes.notMeasured == 1)
    }

    @Test("judgment.md §1: T is kept and counted — 40 minutes at 100 and 5 over range at 600 give (4000 + 3000) / 45")
    func overRangeIsKept() throws {
        let series = F.minutes(from: Self.eight, hours: 1) { $0 < 40 ? (100, .n) : ($0 < 45 ? (600, .t) : nil) }
        let hour = try F.aggregator.hourly(F.resolve(series))[0]
        #expect(hour.isValid)
        #expect(F.near(hour.value, 7000.0 / 45))
        #expect(hour.minutes.overRange == 5)
    }

    @Test("judgment.md §1: an invalidating mark excludes data — a maintenance mark over 16 minutes of a full N hour leaves 44")
    func maintenanceMarkInvalidatesMinutes() throws {
        let series = F.minutes(from: Self.eight, hours: 1) { _ in (100, .n) }
        let mark = F.mark("m1", "equipment.maintenance", .invalid, "2026-03-10 08:44", "2026-03-10 09:00")
        let resolved = F.resolve(series, marks: [mark])
        let hour = try F.aggregator.hourly(resolved)[0]
        #expect(!hour.isValid && hour.validCount == 44)
        // The raw layer (flags only) is kept beside it: 60 valid minutes.
        #expect(hour.isRawValid && hour.rawValidCount == 60)
        #expect(resolved.marks.map(\.markId) == ["m1"])
    }

    @Test("judgment.md §1: flow weighting changes the mean — Σ(c×q)/Σ(q) = 150000/900 instead of the plain 6000/45")
    func flowWeighting() throws {
        // 30 minutes at 100 mg/m³ with flow 10, then 15 minutes at 200 with flow 40.
        let concentration = F.minutes(from: Self.eight, hours: 1) { $0 < 30 ? (100, .n) : ($0 < 45 ? (200, .n) : nil) }
        let flow = F.minutes(from: Self.eight, hours: 1) { $0 < 30 ? (10, .n) : (40, .n) }
        let weighted = try F.aggregator.hourly(F.resolve(concentration), flow: F.resolve(flow))[0]
        // (30×100×10 + 15×200×40) / (30×10 + 15×40) = 150 000 / 900 = 166.67
        #expect(F.near(weighted.value, 150_000.0 / 900))
        #expect(weighted.weighting == .flow)
        let plain = try F.aggregator.hourly(F.resolve(concentration))[0]
        // (30×100 + 15×200) / 45 = 133.33
        #expect(F.near(plain.value, 6000.0 / 45))

        // Flow invalid for one valid minute: the mean falls back to the plain one, and says so.
        let gappy = F.minutes(from: Self.eight, hours: 1) { $0 == 3 ? (10, .d) : ($0 < 30 ? (10, .n) : (40, .n)) }
        let fallback = try F.aggregator.hourly(F.resolve(concentration), flow: F.resolve(gappy))[0]
        #expect(fallback.weighting == .arithmeticFlowIncomplete)
        #expect(F.near(fallback.value, 6000.0 / 45))
    }

    @Test("judgment.md §1: recomputed even when the device sent its mean; a disagreement beyond tolerance is flagged")
    func deviceMeanIsComparedNotTrusted() throws {
        let minutes = F.minutes(from: Self.eight, hours: 3) { $0 < 120 ? (100, .n) : nil }
        // Hour 1: the device says 150 (> 2 % off): flagged. Hour 2: 101 (1 %): accepted.
        // Hour 3: no minute received at all, the device hour stands in.
        let device = F.hourly(from: Self.eight, [(150, .n), (101, .n), (80, .n)])
        let hours = try F.aggregator.hourly(F.resolve(minutes), deviceHours: F.resolve(device))
        #expect(hours[0].value == 100 && hours[0].deviceMean == 150 && hours[0].deviceMeanMismatch)
        #expect(hours[1].value == 100 && !hours[1].deviceMeanMismatch)
        #expect(hours[2].source == .device && hours[2].validValue == 80 && hours[2].weighting == .single)
    }

    static func day(validHours: Int) -> PeriodMean {
        let minutes = F.minutes(from: F.cst("2026-03-10"), hours: 24) { $0 / 60 < validHours ? (50, .n) : nil }
        return try! F.aggregator.daily(F.aggregator.hourly(F.resolve(minutes)), medium: .air)[0]
    }

    @Test("HJ 75-2017: a day is valid with at least 20 valid hours — 19 is not, 20 is")
    func nineteenVersusTwenty() {
        let nineteen = Self.day(validHours: 19)
        #expect(!nineteen.isValid && nineteen.validCount == 19 && nineteen.requiredCount == 20)
        let twenty = Self.day(validHours: 20)
        #expect(twenty.isValid && twenty.validValue == 50)
        #expect(twenty.start == F.cst("2026-03-10") && twenty.end == F.cst("2026-03-11"))
    }

    @Test("judgment.md §1 (water, provisional): a day is valid with 75 % of the expected values — 18 of 24, or 9 of 12 for a 2-hour analyser")
    func waterDay() throws {
        let hours = try F.aggregator.hourly(deviceHours: F.resolve(F.hourly(from: F.cst("2026-03-10"),
                                                                             (0..<24).map { $0 < 18 ? (30, .n) : nil })))
        #expect(try F.aggregator.daily(hours, medium: .water)[0].isValid)
        #expect(try F.aggregator.daily(Array(hours.prefix(17)), medium: .water)[0].isValid == false)
        let twoHourly = try F.aggregator.daily(Array(hours.prefix(9)), medium: .water, expectedValuesPerDay: 12)[0]
        #expect(twoHourly.isValid && twoHourly.requiredCount == 9)
    }

    /// Days of a month: the first `valid` days valid (24 hourly means each), the others empty.
    static func month(_ first: String, days: Int, valid: Int) throws -> PeriodMean {
        let start = F.cst(first)
        let hours = try F.aggregator.hourly(deviceHours: F.resolve(F.hourly(from: start, (0..<(days * 24)).map {
            $0 / 24 < valid ? (40, .n) : nil
        })))
        return try F.aggregator.monthly(F.aggregator.daily(hours, medium: .air))[0]
    }

    @Test("HJ 75-2017: a month is valid with 25 valid days, February with 23 — 23 of 28 in February is valid, 22 is not, 24 in March is not")
    func februaryTwentyThree() throws {
        let february = try Self.month("2026-02-01", days: 28, valid: 23)
        #expect(february.isValid && february.requiredCount == 23 && february.expectedCount == 28)
        #expect(try !Self.month("2026-02-01", days: 28, valid: 22).isValid)
        let march = try Self.month("2026-03-01", days: 31, valid: 24)
        #expect(!march.isValid && march.requiredCount == 25 && march.expectedCount == 31)
        #expect(try Self.month("2026-03-01", days: 31, valid: 25).isValid)
    }

    @Test("day means are flow-weighted by the flow factor's valid hourly means")
    func dailyFlowWeighting() throws {
        let start = F.cst("2026-03-10")
        // 12 hours at 100 with flow 1, 12 hours at 200 with flow 3: (1200 + 7200) / (12 + 36) = 175.
        let concentration = try F.aggregator.hourly(deviceHours: F.resolve(F.hourly(from: start, (0..<24).map { $0 < 12 ? (100, .n) : (200, .n) })))
        let flow = try F.aggregator.hourly(deviceHours: F.resolve(F.hourly(from: start, (0..<24).map { $0 < 12 ? (1, .n) : (3, .n) })))
        let day = try F.aggregator.daily(concentration, flow: flow, medium: .air)[0]
        #expect(day.weighting == .flow && F.near(day.value, 175))
        #expect(try F.aggregator.daily(concentration, medium: .air)[0].value == 150)
    }

    @Test("hj212.md: F means instrument stopped (invalid) since 2017; a flag the code rules leave undefined for a protocol is invalid, never valid")
    func flagEffectsFollowTheCodeRules() {
        #expect(F.flagEffects.status(of: .f) == .invalid && F.flagEffects.status(of: .t) == .overRange)
        #expect(F.flagEffects.status(of: .absent) == .missing && F.flagEffects.status(of: .unknown) == .invalid)
        // The fixture rules define no 2005 flags: every flag of a 2005 device is undefined, hence invalid.
        let old = FlagEffects(codeRules: F.codeRules, protocol: .hj212v2005)
        #expect(old.status(of: .n) == .invalid)
        #expect(FlagEffects.undefinedFlags(in: F.codeRules, protocol: .hj212v2017) == [.p, .unknown])
        #expect(DataFlag(code: nil) == .n && DataFlag(code: "X") == .unknown && DataFlag(code: "C").code == "C")
    }

    @Test("bad input is refused with a specific error")
    func badInput() {
        #expect(throws: JudgmentInputError.self) { try SampleSeries(start: F.cst("2026-03-10 08:00:00").addingTimeInterval(30), intervalSeconds: 60, count: 1) }
        #expect(throws: JudgmentInputError.self) { try SampleSeries(start: F.cst("2026-03-10"), intervalSeconds: 7, count: 1) }
        #expect(throws: JudgmentInputError.self) { try SampleSeries(start: F.cst("2026-03-10"), intervalSeconds: 60, values: [1, 2], flags: [.n]) }
        #expect(throws: JudgmentInputError.self) { try SampleSeries(start: F.cst("2026-03-10"), intervalSeconds: 60, values: [.nan], flags: [.n]) }
        let minutes = F.minutes(from: Self.eight, hours: 1) { _ in (1, .n) }
        let shortFlow = F.minutes(from: Self.eight.addingTimeInterval(3600), hours: 1) { _ in (1, .n) }
        do {
            _ = try F.aggregator.hourly(F.resolve(minutes), flow: F.resolve(shortFlow))
            Issue.record("a flow series on another grid was accepted")
        } catch {
            #expect(error.code == .gridMismatch)
        }
    }
}
