import Foundation
import Testing
@testable import Domain

/// Shared fixtures of the judgment tests: the seed rules file as shipped, the 2017 flag rules as
/// `data/catalogue/code-rules.json` states them, and builders for series in China time.
enum JudgmentFixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let rulesFile = repository.appendingPathComponent("data/rules/judgment-rules.json")

    static let book: JudgmentRuleBook = {
        do {
            return try JudgmentRuleBook.parse(try Data(contentsOf: rulesFile), file: rulesFile.path)
        } catch {
            fatalError("seed rules do not load: \(error)")
        }
    }()

    /// The seed version in force in 2026.
    static let rules = book.rules(on: CivilDate(iso: "2026-01-01")!)!

    static let codeRules: CodeRules = {
        func rule(_ flag: String, _ effect: ValidityEffect) -> CodeRules.FlagRule {
            CodeRules.FlagRule(flag: flag, protocols: [.hj212v2017, .hj212v2025], effect: effect, sourceNote: "HJ 212-2017", provisional: false)
        }
        return try! CodeRules(flags: [
            rule("N", .valid), rule("F", .invalid), rule("M", .invalid), rule("S", .notMeasured), rule("D", .invalid),
            rule("C", .invalid), rule("T", .keptFlagged), rule("B", .missing),
        ], statuses: [])
    }()

    static let flagEffects = FlagEffects(codeRules: codeRules, protocol: .hj212v2017)
    static let validity = SampleValidity(flagEffects: flagEffects)
    static let aggregator = PeriodAggregator(rules: rules)

    /// `2026-03-10 08:00` in China time.
    static func cst(_ text: String) -> Date {
        let parts = text.split(separator: " ")
        let day = CivilDate(iso: String(parts[0]))!
        let clock = parts.count > 1 ? parts[1].split(separator: ":").map { Int($0)! } : [0, 0]
        return day.startInChina.addingTimeInterval(TimeInterval(clock[0] * 3600 + clock[1] * 60))
    }

    /// Minute series of `hours` hours from `start`; `sample(minute)` gives each minute's value and
    /// flag, nil for nothing received.
    static func minutes(from start: Date, hours: Int, interval: Int = 60,
                        _ sample: (Int) -> (Double, DataFlag)?) -> SampleSeries {
        var series = try! SampleSeries(start: start, intervalSeconds: interval, count: hours * 3600 / interval)
        for index in 0..<series.count {
            if let (value, flag) = sample(index) { try! series.record(index: index, value: value, flag: flag) }
        }
        return series
    }

    static func hourly(from start: Date, _ samples: [(Double, DataFlag)?]) -> SampleSeries {
        var series = try! SampleSeries(start: start, intervalSeconds: 3600, count: samples.count)
        for (index, sample) in samples.enumerated() {
            if let (value, flag) = sample { try! series.record(index: index, value: value, flag: flag) }
        }
        return series
    }

    static func resolve(_ series: SampleSeries, marks: [MarkCoverage] = []) -> ResolvedSeries {
        validity.resolve(series, marks: marks)
    }

    static func mark(_ id: String, _ type: String, _ effect: ValidityEffect, _ from: String, _ to: String) -> MarkCoverage {
        MarkCoverage(markId: id, typeId: type, effect: effect, start: cst(from), end: cst(to))
    }

    static func near(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }
}

extension JudgmentFixtures {
    static func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    static let standard = Standard(
        id: "GB13223", code: "GB 13223-2011", version: "2011", titleZh: "火电厂大气污染物排放标准", scope: .national,
        newSourcesFrom: day("2012-01-01"), existingSourcesFrom: day("2014-07-01"), coverage: Applicability(media: [.air, .water]),
        effective: EffectivePeriod(from: day("2012-01-01"))!, sourceNote: "test", provisional: false)

    static func row(_ id: String, factor: String = "a21026", _ limit: LimitValue, o2: Double?, basis: AveragingBasis = .hour,
                    from: String = "2012-01-01", until: String? = nil) -> LimitRow {
        LimitRow(id: id, standardId: "GB13223", table: "表1", sourceCategory: "燃煤锅炉", factor: factor, limit: limit, unit: "mg/m3",
                 basis: basis, referenceO2: o2, applicability: Applicability(), effective: EffectivePeriod(from: day(from), until: until.map(day))!,
                 sourceNote: "test", provisional: false)
    }

    static let profile = OutletProfile(industry: .thermalPower, medium: .air, unitType: .boiler, fuel: .coal, declaredAge: .existing)

    /// A schedule over 2026 from the given rows.
    static func schedule(_ rows: [LimitRow], factor: String = "a21026", basis: AveragingBasis = .hour) -> LimitSchedule {
        let catalogue = try! StandardsCatalogue(standards: [standard], rows: rows)
        return LimitSchedule(catalogue: catalogue, profile: profile, factor: factor, basis: basis, from: day("2026-01-01"),
                             through: day("2026-12-31"))
    }

    static let evaluator = ExceedanceEvaluator(rules: rules)

    /// Hours from device hourly values (CN 2061), valid with flag N.
    static func deviceHours(from start: Date, _ values: [Double?]) -> [PeriodMean] {
        try! aggregator.hourly(deviceHours: resolve(hourly(from: start, values.map { $0.map { ($0, .n) } })))
    }
}
