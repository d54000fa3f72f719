import Foundation
import Testing
@testable import Domain

/// The stored layers (`LevelRecomputation`): hourly and daily means of every factor with their
/// judged form and the day's data quality, months from stored days, converted-mismatch and
/// clustering suspicions. Values by hand; SO2 limit 200 mg/m³ at 6 % O2, O2 measured at 6 %.
struct LevelRecomputationTests {
    typealias F = JudgmentFixtures
    static let day = F.cst("2026-03-10 00:00")
    static let subject = JudgmentRecomputationTests.subject
    static let limits = JudgmentRecomputationTests.limits
    static let recomputation = LevelRecomputation(rules: F.rules, flagEffects: F.flagEffects)

    /// Minutes of SO2 (at `so2`), O2 (6 %) and flow (a00000, 10 m³/s) for the first `hours` hours
    /// of the China day.
    static func minutes(hours: Int, so2: Double = 100) -> [StoredValue] {
        (0..<(hours * 60)).flatMap { minute -> [StoredValue] in
            let time = day.addingTimeInterval(TimeInterval(minute * 60))
            return [StoredValue(level: .minute, factor: "a21026", dataTime: time, value: so2, converted: nil, flag: "N", frameId: "f\(minute)"),
                    StoredValue(level: .minute, factor: "a19001", dataTime: time, value: 6, converted: nil, flag: "N", frameId: "f\(minute)"),
                    StoredValue(level: .minute, factor: "a00000", dataTime: time, value: 10, converted: nil, flag: "N", frameId: "f\(minute)")]
        }
    }

    static func run(_ values: [StoredValue], judgedThrough: Date? = nil) throws -> LevelRecomputation.Result {
        let window = TimeSpan(start: day, end: day.addingTimeInterval(86_400))!
        return try recomputation.recompute(subject: subject, window: window, judgedThrough: judgedThrough ?? window.end, values: values,
                                           marks: [], limits: limits)
    }

    @Test("a China day with 20 of 24 hours received: 24 hours per factor, the day valid (HJ 75: 20 valid hours), SO2's hours judged against 200 at 6 %, quality 1200 of 1440 minutes per factor and for the point")
    func twentyHours() throws {
        let result = try Self.run(Self.minutes(hours: 20))
        #expect(result.hours.count == 72)
        let so2Hours = result.hours.filter { $0.factor == "a21026" }
        #expect(so2Hours.count == 24)
        #expect(so2Hours.filter { $0.mean.isValid }.count == 20)
        let first = try #require(so2Hours.first)
        #expect(first.mean.start == Self.day)
        #expect(first.mean.value == 100)
        #expect(first.judged?.outcome == .withinLimit)
        #expect(first.judged?.value == 100)
        #expect(first.judged?.limit?.limit == .maximum(200))
        #expect(so2Hours.last?.judged?.outcome == .invalid)
        // Flow and O2 are stored, not judged.
        #expect(result.hours.filter { $0.factor != "a21026" }.allSatisfy { $0.judged == nil })
        let so2Day = try #require(result.days.first { $0.factor == "a21026" })
        #expect(so2Day.mean.level == .day)
        #expect(so2Day.mean.validCount == 20)
        #expect(so2Day.mean.isValid)
        #expect(so2Day.mean.value == 100)
        #expect(so2Day.mean.weighting == .flow)
        #expect(so2Day.complete)
        #expect(result.days.count == 3)
        let so2Quality = try #require(result.quality.first { $0.factor == "a21026" })
        #expect((so2Quality.expected, so2Quality.received, so2Quality.valid) == (1440, 1200, 1200))
        #expect(F.near(so2Quality.transmissionRate, 1200.0 / 1440))
        let point = try #require(result.quality.first { $0.factor == "*" })
        #expect((point.expected, point.received, point.valid) == (4320, 3600, 3600))
        #expect(result.suspicions.isEmpty)
    }

    @Test("19 valid hours do not make a day (HJ 75: 20); a day still running is stored incomplete")
    func nineteenHours() throws {
        let result = try Self.run(Self.minutes(hours: 19))
        let so2Day = try #require(result.days.first { $0.factor == "a21026" })
        #expect(so2Day.mean.validCount == 19)
        #expect(!so2Day.mean.isValid)
        #expect(so2Day.mean.value == 100)  // kept for display, not valid
        let running = try Self.run(Self.minutes(hours: 19), judgedThrough: Self.day.addingTimeInterval(19 * 3600))
        #expect(running.hours.filter { $0.factor == "a21026" }.count == 19)
        #expect(running.days.first { $0.factor == "a21026" }?.complete == false)
    }

    static func storedDay(_ date: String, value: Double, valid: Bool) -> PeriodMean {
        let start = F.cst("\(date) 00:00")
        var minutes = PeriodMean.StatusMinutes()
        minutes.valid = valid ? 1440 : 0
        return PeriodMean(level: .day, start: start, end: start.addingTimeInterval(86_400), source: .recomputed, value: value,
                          validCount: valid ? 24 : 0, requiredCount: 20, expectedCount: 24, rawValue: value, rawValidCount: valid ? 24 : 0,
                          exemptValidCount: 0, weighting: .arithmetic, minutes: minutes, deviceMean: nil, deviceMeanMismatch: false)
    }

    static func days(month: String, valid: Int, count: Int) -> [PeriodMean] {
        (1...count).map { storedDay(String(format: "%@-%02d", month, $0), value: 100, valid: $0 <= valid) }
    }

    @Test("months from stored days: March valid with 25 valid days, not 24 (HJ 75); February with 23; a month still running is incomplete")
    func months() throws {
        let after = F.cst("2026-04-02 00:00")
        #expect(try Self.recomputation.months(factor: "a21026", days: Self.days(month: "2026-03", valid: 25, count: 31), flowDays: nil,
                                              judgedThrough: after).map(\.mean.isValid) == [true])
        #expect(try Self.recomputation.months(factor: "a21026", days: Self.days(month: "2026-03", valid: 24, count: 31), flowDays: nil,
                                              judgedThrough: after).map(\.mean.isValid) == [false])
        let february = try Self.recomputation.months(factor: "a21026", days: Self.days(month: "2026-02", valid: 23, count: 28), flowDays: nil,
                                                     judgedThrough: after)
        #expect(february.map(\.mean.isValid) == [true])
        #expect(february.first?.mean.expectedCount == 28)
        #expect(february.first?.complete == true)
        let running = try Self.recomputation.months(factor: "a21026", days: Self.days(month: "2026-03", valid: 25, count: 25), flowDays: nil,
                                                    judgedThrough: F.cst("2026-03-26 00:00"))
        #expect(running.first?.complete == false)
        #expect(running.first?.mean.isValid == true)
    }

    @Test("a month's mean is flow-weighted by the flow's stored days (100 at flow 1, 200 at flow 3 → 175); a day without flow makes it arithmetic, named so")
    func flowWeightedMonth() throws {
        let concentration = [Self.storedDay("2026-03-01", value: 100, valid: true), Self.storedDay("2026-03-02", value: 200, valid: true)]
        let flow = [Self.storedDay("2026-03-01", value: 1, valid: true), Self.storedDay("2026-03-02", value: 3, valid: true)]
        let month = try #require(try Self.recomputation.months(factor: "a21026", days: concentration, flowDays: flow,
                                                               judgedThrough: F.cst("2026-04-01 00:00")).first)
        #expect(month.mean.value == 175)
        #expect(month.mean.weighting == .flow)
        let partial = try #require(try Self.recomputation.months(factor: "a21026", days: concentration, flowDays: [flow[0]],
                                                                 judgedThrough: F.cst("2026-04-01 00:00")).first)
        #expect(partial.mean.value == 150)
        #expect(partial.mean.weighting == .arithmeticFlowIncomplete)
    }

    @Test("month quality sums the stored day figures per factor")
    func monthQuality() {
        let figures = ["2026-03-01", "2026-03-02"].map { date in
            DataQualityFigure(subject: "P1", factor: "a21026", period: .day, start: F.cst("\(date) 00:00"),
                              end: F.cst("\(date) 00:00").addingTimeInterval(86_400), expected: 1440, received: 1400, valid: 1300,
                              rulesVersion: "r")
        }
        let months = LevelRecomputation.monthQuality(figures)
        #expect(months.count == 1)
        #expect((months[0].expected, months[0].received, months[0].valid) == (2880, 2800, 2600))
        #expect(months[0].start == F.cst("2026-03-01 00:00"))
        #expect(months[0].period == .month)
    }

    @Test("the device's converted hour (ZsAvg 300) where minutes and O2 at 6 % give 100: a converted-mismatch suspicion with both values; 104 is within the 5 % tolerance")
    func convertedMismatch() throws {
        let hour = Self.day.addingTimeInterval(3 * 3600)
        func deviceHour(_ converted: Double) -> StoredValue {
            StoredValue(level: .hour, factor: "a21026", dataTime: hour, value: 100, converted: converted, flag: "N", frameId: "h1")
        }
        let result = try Self.run(Self.minutes(hours: 24) + [deviceHour(300)])
        #expect(result.suspicions.count == 1)
        let suspicion = try #require(result.suspicions.first)
        #expect(suspicion.kind == "converted-mismatch")
        #expect(suspicion.factor == "a21026")
        #expect(suspicion.periodStart == hour)
        #expect(suspicion.periodEnd == hour.addingTimeInterval(3600))
        #expect(suspicion.evidence.hourly.first?.value == 300)
        #expect(suspicion.evidence.hourly.first?.reference == 100)
        #expect(suspicion.id == "sus:converted-mismatch:O1:a21026:\(Int(hour.timeIntervalSince1970))@MN1")
        #expect(result.inputsHashes[suspicion.id]?.hasPrefix("fnv1a64:") == true)
        #expect(try Self.run(Self.minutes(hours: 24) + [deviceHour(104)]).suspicions.isEmpty)
    }

    /// Production load (i33400, %) minutes: `low` for the first 12 hours of the day, `high` after.
    static func load(low: Double, high: Double) -> [StoredValue] {
        (0..<(24 * 60)).map { minute in
            StoredValue(level: .minute, factor: "i33400", dataTime: day.addingTimeInterval(TimeInterval(minute * 60)),
                        value: minute < 12 * 60 ? low : high, converted: nil, flag: "N", frameId: "f\(minute)")
        }
    }

    @Test("judgment.md §5: SO2 flat at 100 all day while the production load (i33400) goes 50 → 100 (swing 0.67 ≥ 0.2) → one flat-while-load-swings suspicion for the whole China day, naming the load; none while the day runs, none at a steady load")
    func flatWhileLoadSwings() throws {
        let result = try Self.run(Self.minutes(hours: 24) + Self.load(low: 50, high: 100))
        #expect(result.suspicions.map(\.kind) == ["flat-while-load-swings"])
        let suspicion = try #require(result.suspicions.first)
        #expect(suspicion.factor == "a21026")
        #expect(suspicion.periodStart == Self.day)
        #expect(suspicion.periodEnd == Self.day.addingTimeInterval(86_400))
        #expect(suspicion.status == .closed)
        #expect(suspicion.evidence.referenceFactor == "i33400")
        #expect(suspicion.evidence.loadMinimum == 50)
        #expect(suspicion.evidence.loadMaximum == 100)
        #expect(F.near(suspicion.evidence.loadSwing, 50.0 / 75))
        #expect(suspicion.evidence.variation == 0)
        #expect(suspicion.evidence.hours == 24)
        // The load parameter's own means are stored like any factor's.
        #expect(result.hours.filter { $0.factor == "i33400" }.count == 24)
        #expect(try Self.run(Self.minutes(hours: 24) + Self.load(low: 50, high: 100),
                             judgedThrough: Self.day.addingTimeInterval(20 * 3600)).suspicions.isEmpty)
        #expect(try Self.run(Self.minutes(hours: 24) + Self.load(low: 90, high: 95)).suspicions.isEmpty)
    }

    static func judgedHours(month: String, count: Int, value: Double) -> [FalsificationDetector.JudgedValue] {
        let start = F.cst("\(month)-01 00:00")
        return (0..<count).map { FalsificationDetector.JudgedValue(start: start.addingTimeInterval(TimeInterval($0 * 3600)), value: value,
                                                                   maximumLimit: 200) }
    }

    @Test("clustering: 120 judged hours of a complete month at 190 under 200 (within the 10 % band) → one suspicion for the month, closed; not while the month runs; not at 100")
    func clustering() {
        let april = F.cst("2026-04-01 00:00")
        let found = Self.recomputation.clustering(subject: Self.subject, factor: "a21026",
                                                  hours: Self.judgedHours(month: "2026-03", count: 120, value: 190), judgedThrough: april)
        #expect(found.judgments.count == 1)
        let suspicion = found.judgments[0]
        #expect(suspicion.kind == "clustering-under-limit")
        #expect(suspicion.periodStart == F.cst("2026-03-01 00:00"))
        #expect(suspicion.periodEnd == april)
        #expect(suspicion.status == .closed)
        #expect(suspicion.evidence.hoursInBand == 120)
        #expect(suspicion.evidence.shareInBand == 1)
        #expect(suspicion.inputs.valuesInPeriod == 120)
        let again = Self.recomputation.clustering(subject: Self.subject, factor: "a21026",
                                                  hours: Self.judgedHours(month: "2026-03", count: 120, value: 190), judgedThrough: april)
        #expect(again.inputsHashes == found.inputsHashes)
        #expect(Self.recomputation.clustering(subject: Self.subject, factor: "a21026",
                                              hours: Self.judgedHours(month: "2026-03", count: 120, value: 190),
                                              judgedThrough: F.cst("2026-03-31 23:00")).judgments.isEmpty)
        #expect(Self.recomputation.clustering(subject: Self.subject, factor: "a21026",
                                              hours: Self.judgedHours(month: "2026-03", count: 120, value: 100),
                                              judgedThrough: april).judgments.isEmpty)
        // 99 hours are too few to call a pattern (rules: 100).
        #expect(Self.recomputation.clustering(subject: Self.subject, factor: "a21026",
                                              hours: Self.judgedHours(month: "2026-03", count: 99, value: 190),
                                              judgedThrough: april).judgments.isEmpty)
    }

    @Test("the window is whole China days, reaching back to a published converted-mismatch run; months(around:) spans the China months touched")
    func windows() throws {
        let affected = TimeSpan(start: F.cst("2026-03-10 11:00"), end: F.cst("2026-03-10 11:05"))!
        #expect(LevelRecomputation.window(affected: affected, published: []) ==
                TimeSpan(start: F.cst("2026-03-10 00:00"), end: F.cst("2026-03-11 00:00")))
        let hour = Self.day.addingTimeInterval(3 * 3600)
        var published = try #require(try Self.run(Self.minutes(hours: 24) + [
            StoredValue(level: .hour, factor: "a21026", dataTime: hour, value: 100, converted: 300, flag: "N", frameId: "h1"),
        ]).suspicions.first)
        published.periodStart = F.cst("2026-03-09 23:00")
        published.periodEnd = F.cst("2026-03-10 12:00")
        #expect(LevelRecomputation.window(affected: affected, published: [published]).start == F.cst("2026-03-09 00:00"))
        published.status = .withdrawn
        #expect(LevelRecomputation.window(affected: affected, published: [published]).start == F.cst("2026-03-10 00:00"))
        let span = TimeSpan(start: F.cst("2026-02-28 00:00"), end: F.cst("2026-03-02 00:00"))!
        #expect(LevelRecomputation.months(around: span, judgedThrough: F.cst("2026-03-01 05:30")) ==
                TimeSpan(start: F.cst("2026-02-01 00:00"), end: F.cst("2026-04-01 00:00")))
        #expect(LevelRecomputation.months(around: span, judgedThrough: F.cst("2026-02-28 00:30")) == nil)
    }
}
