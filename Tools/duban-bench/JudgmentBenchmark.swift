import Domain
import Foundation

// `duban-bench judgment [points] [hourly-points] [days]`: one year of synthetic data per point
// through the pure recomputation path the Judgment service and `duban-ctl judge` use
// (`ExceedanceRecomputation.recompute`: validity, minute → hour, O2 conversion, limits, episodes,
// payloads, inputs hashes). Generation is not timed; PostgreSQL is not involved.

/// The limits judged: SO2, NOx, dust of a coal boiler at 6 % O2 (values as GB 13223-2011 table 1,
/// existing sources; the bench needs plausible numbers, not the catalogue).
private func benchLimits(from first: CivilDate, through last: CivilDate) throws -> [String: LimitSchedule] {
    let standard = Standard(
        id: "BENCH", code: "GB 13223-2011", version: "2011", titleZh: "火电厂大气污染物排放标准", scope: .national,
        newSourcesFrom: CivilDate(iso: "2012-01-01"), existingSourcesFrom: CivilDate(iso: "2014-07-01"),
        coverage: Applicability(media: [.air]), effective: EffectivePeriod(from: CivilDate(iso: "2012-01-01")!)!, sourceNote: "bench",
        provisional: false)
    let factors: [(String, Double)] = [("a21026", 200), ("a21002", 200), ("a34013", 30)]
    let rows = factors.map { factor, limit in
        LimitRow(id: "bench-\(factor)", standardId: "BENCH", table: "表1", sourceCategory: "燃煤锅炉", factor: factor, limit: .maximum(limit),
                 unit: "mg/m3", basis: .hour, referenceO2: 6, applicability: Applicability(),
                 effective: EffectivePeriod(from: CivilDate(iso: "2012-01-01")!)!, sourceNote: "bench", provisional: false)
    }
    let catalogue = try StandardsCatalogue(standards: [standard], rows: rows)
    let profile = OutletProfile(industry: .thermalPower, medium: .air, unitType: .boiler, fuel: .coal, declaredAge: .existing)
    var schedules: [String: LimitSchedule] = [:]
    for (factor, _) in factors {
        schedules[factor] = LimitSchedule(catalogue: catalogue, profile: profile, factor: factor, basis: .hour, from: first, through: last)
    }
    return schedules
}

/// Six factors: three judged pollutants, O2, flow and flue temperature. Values wander around
/// 60 % of the limit with an excursion over it a few hours a month, 1 % of values flagged M or C.
private func benchValues(point: Int, start: Date, slots: Int, interval: Int, level: StoredValue.Level) -> [StoredValue] {
    var state = UInt64(truncatingIfNeeded: point &* 2_654_435_761 &+ 1)
    func random() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(1 << 53)
    }
    let factors: [(String, Double)] = [("a21026", 120), ("a21002", 120), ("a34013", 18), ("a19001", 6), ("a00000", 300), ("a01012", 50)]
    var values: [StoredValue] = []
    values.reserveCapacity(slots * factors.count)
    let slotsPerHour = 3600 / interval
    var excursionUntil = -1
    for slot in 0..<slots {
        let time = start.addingTimeInterval(TimeInterval(slot * interval))
        if slot % slotsPerHour == 0, excursionUntil < slot, random() < 0.004 { excursionUntil = slot + slotsPerHour * (1 + Int(random() * 3)) }
        let flag = random() < 0.01 ? (random() < 0.5 ? "M" : "C") : "N"
        for (factor, typical) in factors {
            let excursion = slot < excursionUntil && factor != "a19001" && factor != "a00000" && factor != "a01012" ? 2.0 : 1.0
            values.append(StoredValue(level: level, factor: factor, dataTime: time, value: typical * excursion * (0.9 + 0.2 * random()),
                                      converted: nil, flag: flag, frameId: "f"))
        }
    }
    return values
}

/// `[points] [hourly-points] [days]`, default 100, 1000 and 365.
func runJudgmentBenchmark(arguments: [String]) {
    let counts = arguments.compactMap { Int($0) }
    runJudgmentBenchmark(points: counts.first ?? 100, hourlyPoints: counts.dropFirst().first ?? 1000, days: counts.dropFirst(2).first ?? 365)
}

/// CPU time of the calling thread: on a shared machine the wall clock also counts the time others
/// had the core.
private func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func runJudgmentBenchmark(points: Int, hourlyPoints: Int, days: Int) {
    do {
        let rulesURL = URL(fileURLWithPath: "data/rules/judgment-rules.json")
        guard let data = FileManager.default.contents(atPath: rulesURL.path) else {
            print("duban-bench judgment: run from the repository root (data/rules/judgment-rules.json not found)")
            return
        }
        let start = CivilDate(iso: "2025-01-01")!.startInChina
        let end = start.addingTimeInterval(TimeInterval(days * 86_400))
        let rules = try JudgmentRuleBook.parse(data, file: rulesURL.path).rules(at: start)!
        // The 2017 flag rules as data/catalogue/code-rules.json states them (the bench links Domain only).
        func rule(_ flag: String, _ effect: ValidityEffect) -> CodeRules.FlagRule {
            CodeRules.FlagRule(flag: flag, protocols: [.hj212v2017], effect: effect, sourceNote: "HJ 212-2017", provisional: false)
        }
        let codeRules = try CodeRules(flags: [rule("N", .valid), rule("F", .invalid), rule("M", .invalid), rule("S", .notMeasured),
                                              rule("D", .invalid), rule("C", .invalid), rule("T", .keptFlagged), rule("B", .missing)], statuses: [])
        let recomputation = ExceedanceRecomputation(rules: rules, flagEffects: FlagEffects(codeRules: codeRules, protocol: .hj212v2017))
        let limits = try benchLimits(from: CivilDate(chinaTimeOf: start), through: CivilDate(chinaTimeOf: end.addingTimeInterval(-1)))
        let window = TimeSpan(start: start, end: end)!
        print("Judgment recomputation benchmark: \(days) days from 2025-01-01 CST, 6 factors per point (3 judged), one core, release build expected;\n" +
              "time is the recomputation alone (generating the rows is not timed); rows/s counts stored rows fed in")

        func run(_ label: String, points: Int, interval: Int, level: StoredValue.Level) throws {
            let clock = ContinuousClock()
            var elapsed: Duration = .zero
            var cpu = 0.0
            var rows = 0
            var episodes = 0
            var slowest: Duration = .zero
            for point in 0..<points {
                let values = benchValues(point: point, start: start, slots: days * 86_400 / interval, interval: interval, level: level)
                let subject = RecomputeSubject(mn: "BENCH\(point)", pointId: "P\(point)", outletId: "O\(point)", outletName: "排口", enterpriseId: "E",
                                               enterpriseName: "基准电厂", medium: .air, basis: .hour, countyCode: nil, cityCode: nil)
                let began = clock.now
                let cpuBegan = threadCPUSeconds()
                let result = try recomputation.recompute(subject: subject, window: window, judgedThrough: end, values: values, marks: [], limits: limits)
                cpu += threadCPUSeconds() - cpuBegan
                let took = clock.now - began
                elapsed += took
                slowest = max(slowest, took)
                rows += values.count
                episodes += result.judgments.count
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let slowestSeconds = Double(slowest.components.seconds) + Double(slowest.components.attoseconds) / 1e18
            print(label.padding(36, left: false) + String(format: "%7.1f s wall %13@ rows/s | %7.1f s CPU %13@ rows/s | %d rows, %d episodes, slowest point %.2f s wall",
                                                          seconds, format(Double(rows) / seconds) as NSString, cpu,
                                                          format(Double(rows) / cpu) as NSString, rows, episodes, slowestSeconds))
        }
        try run("minute data, \(points) points", points: points, interval: 60, level: .minute)
        try run("hourly data only, \(hourlyPoints) points", points: hourlyPoints, interval: 3600, level: .hour)
    } catch {
        print("duban-bench judgment: \(error)")
    }
}
