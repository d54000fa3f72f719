import Foundation
import Testing
@testable import Domain

/// Golden exceedance tests, computed by hand, each citing judgment.md §3 (or §2 for conversion).
@Suite(.timeLimit(.minutes(1)))
struct JudgmentExceedanceTests {
    typealias F = JudgmentFixtures

    /// Judged hours of a21026 with O2 constant at 6 %, so the converted value equals the measured one.
    static func judge(_ values: [Double?], from start: Date, rows: [LimitRow], marks: [MarkCoverage] = []) throws -> [JudgedPeriod] {
        let hours = F.deviceHours(from: start, values)
        let oxygen = F.deviceHours(from: start, values.map { _ in 6 })
        return try F.evaluator.judgeHours(hours, conversion: .init(oxygen: oxygen), limits: F.schedule(rows), marks: marks)
    }

    @Test("judgment.md §2: O2 reference conversion at 6 %, 10 % and 15 % — 80 mg/m³ at 11 % O2 gives 120, 88 and 48")
    func oxygenConversionAtReferenceLevels() throws {
        let start = F.cst("2026-05-10 08:00")
        let hours = F.deviceHours(from: start, [80])
        let oxygen = F.deviceHours(from: start, [11])
        func judged(o2: Double, limit: Double) throws -> JudgedPeriod {
            try F.evaluator.judgeHours(hours, conversion: .init(oxygen: oxygen), limits: F.schedule([F.row("r", .maximum(limit), o2: o2)]))[0]
        }
        // 80 × (21 − 6) / (21 − 11) = 120 > 100: multiple 0.2 (coal boiler).
        let coal = try judged(o2: 6, limit: 100)
        #expect(coal.outcome == .exceeded && F.near(coal.value, 120) && F.near(coal.multiple, 0.2))
        #expect(coal.valueSource == .recomputedFromO2 && coal.measuredMean == 80 && coal.oxygenMean == 11 && coal.referenceO2 == 6)
        // 80 × (21 − 10) / (21 − 11) = 88 ≤ 100 (cement kiln).
        let kiln = try judged(o2: 10, limit: 100)
        #expect(kiln.outcome == .withinLimit && F.near(kiln.value, 88) && kiln.multiple == nil)
        // 80 × (21 − 15) / (21 − 11) = 48 ≤ 50 (gas turbine).
        let turbine = try judged(o2: 15, limit: 50)
        #expect(turbine.outcome == .withinLimit && F.near(turbine.value, 48))
    }

    @Test("judgment.md §2: O2 near 21 % is capped at the rules' 19 % and flagged — 80 × 15 / 2 = 600")
    func oxygenGuard() throws {
        let start = F.cst("2026-05-10 08:00")
        let judged = try F.evaluator.judgeHours(F.deviceHours(from: start, [80]), conversion: .init(oxygen: F.deviceHours(from: start, [20.5])),
                                                limits: F.schedule([F.row("r", .maximum(100), o2: 6)]))[0]
        #expect(judged.oxygenNear21 && F.near(judged.value, 600))
        #expect(F.rules.oxygen.maximumMeasuredO2 == 19)
    }

    @Test("judgment.md §3: without a valid O2 hour the device's converted mean is used, without either the hour has no value")
    func oxygenFallbacks() throws {
        let start = F.cst("2026-05-10 08:00")
        let hours = F.deviceHours(from: start, [80, 80])
        let oxygen = F.deviceHours(from: start, [nil, nil])
        let judged = try F.evaluator.judgeHours(hours, conversion: .init(oxygen: oxygen, deviceConverted: [130, nil]),
                                                limits: F.schedule([F.row("r", .maximum(100), o2: 6)]))
        #expect(judged[0].outcome == .exceeded && judged[0].value == 130 && judged[0].valueSource == .deviceConverted)
        #expect(judged[1].outcome == .noValue && judged[1].noValueReason == "no-valid-oxygen")
    }

    @Test("judgment.md §3: consecutive exceeding hours form one episode, across midnight; its value is the worst hour's")
    func episodeAcrossMidnight() throws {
        // 21:00 within, 22:00–01:00 over 100, 02:00 within.
        let judged = try Self.judge([90, 150, 180, 240, 120, 80], from: F.cst("2026-05-10 21:00"),
                                    rows: [F.row("so2", .maximum(100), o2: 6)])
        let episodes = ExceedanceEpisode.form(from: judged, outletId: "DA001", factor: "a21026", rulesVersion: F.rules.version)
        let episode = try #require(episodes.first)
        #expect(episodes.count == 1)
        #expect(episode.start == F.cst("2026-05-10 22:00") && episode.end == F.cst("2026-05-11 02:00"))
        #expect(episode.periods.count == 4)
        // Worst hour: 240 at 00:00 on the 11th, multiple 240 / 100 − 1 = 1.4.
        #expect(episode.peakStart == F.cst("2026-05-11 00:00") && episode.value == 240 && F.near(episode.multiple, 1.4))
        #expect(episode.id == "exc:DA001:a21026:\(Int64(F.cst("2026-05-10 22:00").timeIntervalSince1970))")
        #expect(episode.id == ExceedanceJudgment.episodeId(outletId: "DA001", factor: "a21026", periodStart: episode.start))
        #expect(episode.isClosed && episode.rulesVersion == "2026.1")
        #expect(episode.limits.map(\.catalogueVersion) == ["GB 13223-2011@2011#so2"])
    }

    @Test("judgment.md §3 / standards.md: a limit that changes on an effective date inside a (UTC) day applies from that hour")
    func limitChangesInsideADay() throws {
        // 200 until 2026-04-01, 100 from 2026-04-01 00:00 China time = 2026-03-31 16:00 UTC.
        let rows = [F.row("old", .maximum(200), o2: 6, until: "2026-04-01"), F.row("new", .maximum(100), o2: 6, from: "2026-04-01")]
        let start = F.cst("2026-03-31 22:00")
        let judged = try Self.judge([150, 150, 150, 150], from: start, rows: rows)
        #expect(judged.map(\.outcome) == [.withinLimit, .withinLimit, .exceeded, .exceeded])
        #expect(judged.map { $0.limit?.rowId } == ["old", "old", "new", "new"])
        #expect(F.near(judged[2].multiple, 0.5))
        // The change falls inside the UTC day 2026-03-31.
        #expect(judged[2].start == Date(timeIntervalSince1970: 1_774_972_800))

        // Every hour over both limits: one episode naming both rows; the worst hour is the first under
        // the new limit (250 / 100 − 1 = 1.5 beats 250 / 200 − 1 = 0.25).
        let over = try Self.judge([250, 250, 250, 250], from: start, rows: rows)
        let episode = try #require(ExceedanceEpisode.form(from: over, outletId: "DA001", factor: "a21026", rulesVersion: "2026.1").first)
        #expect(episode.limits.map(\.rowId) == ["old", "new"])
        #expect(episode.peakStart == F.cst("2026-04-01 00:00") && episode.limit == .maximum(100) && F.near(episode.multiple, 1.5))
        #expect(!episode.isClosed)
    }

    static func minuteHour(_ value: Double, marks: [MarkCoverage]) throws -> JudgedPeriod {
        let start = F.cst("2026-05-10 10:00")
        let so2 = F.resolve(F.minutes(from: start, hours: 1) { _ in (value, .n) }, marks: marks)
        let o2 = F.resolve(F.minutes(from: start, hours: 1) { _ in (6, .n) })
        return try F.evaluator.judgeHours(F.aggregator.hourly(so2), conversion: .init(oxygen: F.aggregator.hourly(o2)),
                                          limits: F.schedule([F.row("so2", .maximum(100), o2: 6)]), marks: marks)[0]
    }

    @Test("marking.md: data marked invalid are not used to decide an exceedance — a maintenance mark removes an exceeding hour")
    func markRemovesExceedingHour() throws {
        #expect(try Self.minuteHour(300, marks: []).outcome == .exceeded)
        // 20 minutes of maintenance leave 40 valid minutes (< 45): invalid, not an exceedance.
        let maintenance = F.mark("mk-1", "equipment.maintenance", .invalid, "2026-05-10 10:00", "2026-05-10 10:20")
        let removed = try Self.minuteHour(300, marks: [maintenance])
        #expect(removed.outcome == .invalid && removed.validCount == 40 && removed.markIds == ["mk-1"])
        #expect(removed.minutes.invalid == 20 && removed.minutes.valid == 40 && removed.meanSource == .recomputed)
        // A start-up mark within its allowance exempts: 30 valid minutes outside it (< 45).
        let startup = F.mark("wc-1", "thermal-power.startup", .exemptWithinAllowance, "2026-05-10 10:00", "2026-05-10 10:30")
        let exempted = try Self.minuteHour(300, marks: [startup])
        #expect(exempted.outcome == .exempted && exempted.value == 300 && exempted.markIds == ["wc-1"])
        // 10 exempt minutes leave 50 unexempted valid minutes: still judged, still exceeding.
        let short = F.mark("wc-2", "thermal-power.startup", .exemptWithinAllowance, "2026-05-10 10:00", "2026-05-10 10:10")
        #expect(try Self.minuteHour(300, marks: [short]).outcome == .exceeded)
    }

    @Test("judgment.md §3: a C-flagged device hour is invalid, never an exceedance")
    func calibrationFlaggedDeviceHour() throws {
        let start = F.cst("2026-05-10 08:00")
        let hours = try F.aggregator.hourly(deviceHours: F.resolve(F.hourly(from: start, [(500, .c), (500, .n)])))
        let judged = try F.evaluator.judgeHours(hours, conversion: .init(oxygen: F.deviceHours(from: start, [6, 6])),
                                                limits: F.schedule([F.row("so2", .maximum(100), o2: 6)]))
        #expect(judged.map(\.outcome) == [.invalid, .exceeded])
    }

    /// Minutes 10:00–14:00: hours 10 and 11 at 300, hour 12 with `twelve` valid minutes at 300,
    /// hour 13 at 50; hour 9 at `nine`.
    static func lateMinuteEpisodes(twelve: Int, nine: Double = 50) throws -> [ExceedanceEpisode] {
        let start = F.cst("2026-05-10 09:00")
        let so2 = F.minutes(from: start, hours: 5) { minute in
            switch minute / 60 {
            case 0: (nine, .n)
            case 3: minute % 60 < twelve ? (300, .n) : nil
            case 4: (50, .n)
            default: (300, .n)
            }
        }
        let o2 = F.minutes(from: start, hours: 5) { _ in (6, .n) }
        let judged = try F.evaluator.judgeHours(F.aggregator.hourly(F.resolve(so2)),
                                                conversion: .init(oxygen: F.aggregator.hourly(F.resolve(o2))),
                                                limits: F.schedule([F.row("so2", .maximum(100), o2: 6)]))
        return ExceedanceEpisode.form(from: judged, outletId: "DA001", factor: "a21026", rulesVersion: F.rules.version)
    }

    @Test("issue 5: a late minute (补传) turns an invalid hour valid and the episode gets a new version, same id")
    func lateMinuteRevisesEpisode() throws {
        let before = try Self.lateMinuteEpisodes(twelve: 44)
        #expect(before.count == 1 && before[0].end == F.cst("2026-05-10 12:00"))
        let after = try Self.lateMinuteEpisodes(twelve: 45)
        #expect(after.count == 1 && after[0].end == F.cst("2026-05-10 13:00") && after[0].id == before[0].id)

        let changes = JudgmentRevision.reconcile(previous: [.init(version: 1, payload: before[0])], current: after)
        guard case .revised(let version, let previous, let current, let fields)? = changes.first, changes.count == 1 else {
            Issue.record("expected one revision, got \(changes)")
            return
        }
        #expect(version == 2 && previous == before[0] && current == after[0])
        #expect(fields == ["end", "periods"])

        // Recomputing the same inputs publishes nothing.
        #expect(JudgmentRevision.reconcile(previous: [.init(version: 2, payload: after[0])], current: try Self.lateMinuteEpisodes(twelve: 45)).isEmpty)
    }

    @Test("issue 5: an episode whose start moves earlier gets a new id; the old one is withdrawn, naming its successor")
    func startMovesEarlier() throws {
        let before = try Self.lateMinuteEpisodes(twelve: 45)
        let after = try Self.lateMinuteEpisodes(twelve: 45, nine: 200)
        #expect(after[0].start == F.cst("2026-05-10 09:00") && after[0].id != before[0].id)
        let changes = JudgmentRevision.reconcile(previous: [.init(version: 3, payload: before[0])], current: after)
        #expect(changes.count == 2)
        #expect(changes.contains(.opened(version: 1, payload: after[0])))
        #expect(changes.contains(.withdrawn(version: 4, previous: before[0], supersededBy: [after[0].id])))
        // A withdrawn judgment that comes back continues its versions.
        let back = JudgmentRevision.reconcile(previous: [.init(version: 4, payload: before[0], isWithdrawn: true)], current: before)
        #expect(back == [.opened(version: 5, payload: before[0])])
    }

    @Test("judgment.md §3: water is judged on the valid daily mean, flow-weighted — 90 exceeds 80 where the plain mean (80) would not")
    func waterDailyMean() throws {
        let start = F.cst("2026-05-10")
        // Day 1: 12 hours at 60 mg/L with flow 1, 12 at 100 with flow 3: (720 + 3600) / 48 = 90.
        // Day 2: 17 valid hours at 200 (< 18 = 75 % of 24): invalid.
        let values: [Double?] = (0..<24).map { $0 < 12 ? 60 : 100 } + (0..<24).map { $0 < 17 ? 200 : nil }
        let flows: [Double?] = (0..<24).map { $0 < 12 ? 1 : 3 } + (0..<24).map { _ in 2 }
        let hours = F.deviceHours(from: start, values)
        let flow = F.deviceHours(from: start, flows)
        let limits = F.schedule([F.row("cod", factor: "w01018", .maximum(80), o2: nil, basis: .day)], factor: "w01018", basis: .day)
        let judgedHours = try F.evaluator.judgeHours(hours, limits: limits)
        let days = try F.evaluator.judgeDays(judgedHours, hours: hours, flow: flow, medium: .water, limits: limits)
        #expect(days.count == 2)
        #expect(days[0].outcome == .exceeded && F.near(days[0].value, 90) && F.near(days[0].multiple, 0.125))
        #expect(days[0].weighting == .flow && days[0].valueSource == .dailyMeanOfHours && days[0].basis == .day)
        #expect(days[1].outcome == .invalid && days[1].validCount == 17 && days[1].requiredCount == 18)
        let episode = try #require(ExceedanceEpisode.form(from: days, outletId: "DW001", factor: "w01018", rulesVersion: "2026.1").first)
        #expect(episode.id.hasPrefix("exc-day:DW001:w01018:") && episode.isClosed)
    }

    @Test("standards.md: a pH range is broken on either side and has no multiple")
    func rangeLimit() {
        #expect(ExceedanceEvaluator.compare(9.5, with: .range(lower: 6, upper: 9)).exceeded)
        #expect(ExceedanceEvaluator.compare(9.5, with: .range(lower: 6, upper: 9)).multiple == nil)
        #expect(ExceedanceEvaluator.compare(5.4, with: .range(lower: 6, upper: 9)).exceeded)
        #expect(F.near(ExceedanceEvaluator.compare(5.4, with: .range(lower: 6, upper: 9)).severity, 0.1))
        #expect(!ExceedanceEvaluator.compare(6, with: .range(lower: 6, upper: 9)).exceeded)
        #expect(!ExceedanceEvaluator.compare(100, with: .maximum(100)).exceeded)
    }

    @Test("a day the schedule does not cover is judged as having no limit, never silently within")
    func noLimit() throws {
        let judged = try Self.judge([500], from: F.cst("2027-01-05 08:00"), rows: [F.row("so2", .maximum(100), o2: 6)])
        #expect(judged[0].outcome == .noLimit && judged[0].limit == nil)
    }
}
