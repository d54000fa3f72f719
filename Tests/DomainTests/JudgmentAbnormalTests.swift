import Foundation
import Testing
@testable import Domain

/// Abnormal operation (judgment.md §4), hand-built series; every threshold is the seed rules'.
@Suite(.timeLimit(.minutes(1)))
struct JudgmentAbnormalTests {
    typealias F = JudgmentFixtures
    static let detector = AbnormalOperationDetector(rules: F.rules)

    /// Hourly values from 2026-04-01 00:00 CST to 2026-08-01, varying (never constant), with the
    /// hours from `overrides` replaced.
    static func hourlySeries(_ overrides: [(from: String, hours: Int, flag: DataFlag)]) -> SampleSeries {
        let start = F.cst("2026-04-01")
        var series = try! SampleSeries(start: start, intervalSeconds: 3600, count: 122 * 24)
        for index in 0..<series.count { try! series.record(index: index, value: 50 + Double(index % 7), flag: .n) }
        for override in overrides {
            let first = series.index(of: F.cst(override.from))!
            for index in first..<(first + override.hours) { try! series.record(index: index, value: 0, flag: override.flag) }
        }
        return series
    }

    @Test("judgment.md §4 (2018 notice): one fault gap of at most 8 h per outlet per quarter is exempted — used once, then not again")
    func quarterlyExemption() throws {
        let series = Self.hourlySeries([
            ("2026-04-05 02:00", 6, .d),      // Q2: first fault gap, 6 h: exempted.
            ("2026-05-10 10:00", 5, .d),      // Q2: the quarter's exemption is used: abnormal.
            ("2026-06-01 00:00", 3, .absent), // Q2: nothing received, not a fault: abnormal.
            ("2026-07-01 00:00", 9, .d),      // Q3: a fault, but 9 h > 8 h: abnormal.
            ("2026-07-02 10:00", 3, .absent), // Q3: covered by a fault mark, 3 h: exempted.
        ])
        let fault = F.mark("f1", "equipment.fault", .invalid, "2026-07-02 10:00", "2026-07-02 13:00")
        let report = try Self.detector.detect(F.resolve(series, marks: [fault]), outletId: "DA001", factor: "a21026")
        #expect(report.gaps.map(\.cause) == [.fault, .fault, .noData, .fault, .fault])
        #expect(report.gaps.map(\.minutes) == [360, 300, 180, 540, 180])
        #expect(report.findings.isEmpty)

        let findings = QuarterlyGapExemption.findings(outletId: "DA001", gaps: report.gaps, rules: F.rules)
        #expect(findings.map(\.kind) == Array(repeating: .missingData, count: 5))
        #expect(findings.map(\.isExempted) == [true, false, false, false, true])
        #expect(findings.map(\.evidence.exemptionQuarter) == ["2026Q2", nil, nil, nil, "2026Q3"])
        #expect(findings[4].evidence.markIds == ["f1"])
        #expect(findings[0].id == "abn:missing-data:DA001:*:\(Int64(F.cst("2026-04-05 02:00").timeIntervalSince1970))")

        // Q3's exemption already used earlier in the quarter (outside the recomputed range): none left.
        let later = QuarterlyGapExemption.findings(outletId: "DA001", gaps: report.gaps, exemptionsUsedBefore: [Quarter(year: 2026, number: 3)!: 1],
                                                   rules: F.rules)
        #expect(later.map(\.isExempted) == [true, false, false, false, false])
    }

    @Test("gaps of two factors that overlap are one outlet gap: the exemption is per outlet, not per factor")
    func outletGapsMerge() {
        func gap(_ factor: String, _ from: String, _ to: String) -> DataGap {
            DataGap(outletId: "DA001", factor: factor, start: F.cst(from), end: F.cst(to), cause: .fault, markIds: [], isOpen: false)
        }
        let findings = QuarterlyGapExemption.findings(outletId: "DA001", gaps: [
            gap("a21026", "2026-04-05 02:00", "2026-04-05 06:00"), gap("a21002", "2026-04-05 04:00", "2026-04-05 09:00"),
            gap("a21026", "2026-04-20 02:00", "2026-04-20 03:00"),
        ], rules: F.rules)
        #expect(findings.count == 2)
        // 02:00–09:00 is 7 h: the quarter's exemption; the later 1 h gap is not exempted.
        #expect(findings[0].factors == ["a21002", "a21026"] && findings[0].evidence.minutes == 420 && findings[0].isExempted)
        #expect(!findings[1].isExempted)
    }

    @Test("scheduled maintenance or calibration, a stop mark and a stopped span are not gaps; B for an hour is communication loss")
    func whatIsNotAGap() throws {
        let start = F.cst("2026-05-10")
        let series = F.minutes(from: start, hours: 10) { minute in
            switch minute / 60 {
            case 0: (40, .m)                              // Maintenance (flag M): not a gap.
            case 1: nil                                   // Nothing received under a maintenance mark.
            case 2: nil                                   // Nothing received, unit stopped (mark).
            case 3: nil                                   // Nothing received, stopped by load.
            case 4: (0, .b)                               // Instrument–logger link down for an hour.
            case 6: minute % 60 < 30 ? (0, .b) : (40 + Double(minute % 9), .n) // 30 minutes of B: too short.
            default: (40 + Double(minute % 9), .n)
            }
        }
        let marks = [
            F.mark("mt", "equipment.maintenance", .invalid, "2026-05-10 01:00", "2026-05-10 02:00"),
            F.mark("st", "thermal-power.stopped", .outOfService, "2026-05-10 02:00", "2026-05-10 03:00"),
        ]
        let stopped = [TimeSpan(start: F.cst("2026-05-10 03:00"), end: F.cst("2026-05-10 04:00"))!]
        let report = try Self.detector.detect(F.resolve(series, marks: marks), outletId: "DA001", factor: "a21026", stopped: stopped)
        #expect(report.gaps.count == 1)
        #expect(report.gaps[0].cause == .communication && report.gaps[0].start == F.cst("2026-05-10 04:00") && report.gaps[0].minutes == 60)
        let findings = QuarterlyGapExemption.findings(outletId: "DA001", gaps: report.gaps, rules: F.rules)
        #expect(findings.map(\.kind) == [.communicationLoss] && findings[0].evidence.flag == "B")
    }

    @Test("judgment.md §4: values unchanged for the configured 240 valid minutes while operating — 239 is not enough; a calibration in between neither resets nor counts")
    func constantValues() throws {
        let start = F.cst("2026-05-10")
        func report(constantMinutes: Int) throws -> [AbnormalFinding] {
            let series = F.minutes(from: start, hours: 6) { minute in
                if minute == 100 { return (800, .c) }
                return minute < constantMinutes ? (35.2, .n) : (36 + Double(minute % 5), .n)
            }
            return try Self.detector.detect(F.resolve(series), outletId: "DA001", factor: "a21026").findings.filter { $0.kind == .constantValue }
        }
        // Minutes 0–240 at 35.2 except minute 100 (C): 240 valid unchanged minutes.
        let found = try report(constantMinutes: 241)
        #expect(found.count == 1 && found[0].evidence.value == 35.2 && found[0].evidence.minutes == 240)
        #expect(found[0].start == start && found[0].end == F.cst("2026-05-10 04:01"))
        #expect(try report(constantMinutes: 240).isEmpty)
    }

    @Test("judgment.md §4: over range — flag T, or values at 98 % of the analyser's range")
    func overRange() throws {
        let start = F.cst("2026-05-10")
        let series = F.minutes(from: start, hours: 2) { minute in
            switch minute {
            case 10..<15: (500, .t)
            case 60..<63: (494, .n)
            default: (40 + Double(minute % 9), .n)
            }
        }
        let found = try Self.detector.detect(F.resolve(series), outletId: "DA001", factor: "a21026", rangeHigh: 500).findings
        #expect(found.map(\.kind) == [.overRange, .overRange])
        #expect(found[0].evidence.flag == "T" && found[0].evidence.minutes == 5)
        #expect(found[1].evidence.flag == nil && found[1].evidence.value == 494 && found[1].evidence.rangeHigh == 500)
    }

    @Test("judgment.md §4: long or frequent D/M/C — M for 481 min is long (480 allowed), five C periods in a day are frequent (4 allowed)")
    func flagRuns() throws {
        let start = F.cst("2026-05-10")
        let series = F.minutes(from: start, hours: 24) { minute in
            if minute < 481 { return (0, .m) }
            if minute >= 600, minute < 1100, (minute - 600) % 100 < 10 { return (0, .c) }
            return (40 + Double(minute % 9), .n)
        }
        let found = try Self.detector.detect(F.resolve(series), outletId: "DA001", factor: "a21026").findings
        #expect(found.map(\.kind) == [.frequentFlagRuns, .longFlagRun])
        let frequent = found[0], long = found[1]
        #expect(frequent.evidence.flag == "C" && frequent.evidence.runs == 5 && frequent.evidence.minutes == 50)
        #expect(frequent.start == start && frequent.end == F.cst("2026-05-11") && frequent.id.hasPrefix("abn:frequent-flag-runs.C:"))
        #expect(long.evidence.flag == "M" && long.evidence.minutes == 481)
    }

    @Test("judgment.md §4: i12001 contradicting flags or marks — maintenance state with N data and no mark; running state with C data")
    func statusContradictions() throws {
        let start = F.cst("2026-05-10")
        let data = F.minutes(from: start, hours: 2) { minute in
            (40 + Double(minute % 9), (60..<75).contains(minute) ? .c : .n)
        }
        var status = try SampleSeries(start: start, intervalSeconds: 60, count: 120)
        for minute in 0..<120 { try status.record(index: minute, value: (10..<30).contains(minute) ? 1 : 0, flag: .n) }
        let found = try Self.detector.detect(F.resolve(data), outletId: "DA001", factor: "a21026", equipmentStatus: status).findings
        #expect(found.map(\.kind) == [.statusContradiction, .statusContradiction])
        #expect(found[0].evidence.statusValue == 1 && found[0].evidence.flagsSeen == ["N"] && found[0].evidence.minutes == 20)
        #expect(found[1].evidence.statusValue == 0 && found[1].evidence.flagsSeen == ["C"] && found[1].evidence.minutes == 15)

        // A maintenance mark over the maintenance state reconciles it.
        let mark = F.mark("mt", "equipment.maintenance", .invalid, "2026-05-10 00:10", "2026-05-10 00:30")
        let reconciled = try Self.detector.detect(F.resolve(data, marks: [mark]), outletId: "DA001", factor: "a21026", equipmentStatus: status)
        #expect(reconciled.findings.map(\.evidence.statusValue) == [0])
    }

    @Test("a flag the code rules do not define is raised, and its values are invalid")
    func unknownFlag() throws {
        let series = F.minutes(from: F.cst("2026-05-10"), hours: 1) { minute in (40 + Double(minute % 9), minute < 3 ? .unknown : .n) }
        let resolved = F.resolve(series)
        #expect(resolved.states[0].status == .invalid)
        let found = try Self.detector.detect(resolved, outletId: "DA001", factor: "a21026").findings
        #expect(found.map(\.kind) == [.unknownFlag] && found[0].evidence.minutes == 3)
    }
}
