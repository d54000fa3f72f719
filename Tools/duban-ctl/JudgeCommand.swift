import Domain
import Foundation
import JudgmentData
import Registry
import Runtime
import Store

/// `duban-ctl judge`: recomputes the exceedance judgments and falsification suspicions of a
/// monitoring point (or of every point of an outlet or an enterprise) over a range from the stored data (`judgment` schema) and prints them as
/// JSON, without publishing anything: for audits and disputes. Uses the same recomputation as the
/// Judgment service (`ExceedanceRecomputation`, widened so episodes at the range's edges are
/// whole), says for each judgment whether it matches the version Judgment published, and lists the
/// hours whose device mean disagrees with their minutes.
enum JudgeCommand {
    static let usage = """
        usage: duban-ctl judge (--mn MN | --outlet ID | --enterprise ID) --from INSTANT --to INSTANT [--rules FILE]
          INSTANT: 2026-04-01 (00:00 China time), 2026-04-01T10:00:00+08:00 or …Z.
          Rules: --rules, else DUBAN_JUDGMENT_RULES, else data/rules/judgment-rules.json. Reads DUBAN_DATABASE_URL.
        """

    static func run(_ arguments: [String]) async -> Int32 {
        let (options, _) = CtlSupport.parse(arguments)
        guard let fromText = options["from"], let toText = options["to"] else {
            return CtlSupport.fail("缺少 --from 或 --to\n\(usage)", status: 2)
        }
        guard let from = InstantText.parse(fromText) ?? CtlSupport.instant(fromText) else {
            return CtlSupport.fail("--from \(fromText) 不是有效时间：应为 2026-04-01 或 2026-04-01T10:00:00+08:00", status: 2)
        }
        guard let to = InstantText.parse(toText) ?? CtlSupport.instant(toText) else {
            return CtlSupport.fail("--to \(toText) 不是有效时间：应为 2026-04-01 或 2026-04-01T10:00:00+08:00", status: 2)
        }
        guard let range = TimeSpan(start: ExceedanceRecomputation.hourFloor(from), end: to) else {
            return CtlSupport.fail("--to 须晚于 --from", status: 2)
        }
        guard [options["mn"], options["outlet"], options["enterprise"]].compactMap({ $0 }).count == 1 else {
            return CtlSupport.fail("须给出 --mn、--outlet 或 --enterprise 之一\n\(usage)", status: 2)
        }
        let rulesPath = options["rules"] ?? ProcessInfo.processInfo.environment["DUBAN_JUDGMENT_RULES"] ?? "data/rules/judgment-rules.json"
        let ruleBook: JudgmentRuleBook
        do {
            guard let data = FileManager.default.contents(atPath: rulesPath) else { return CtlSupport.fail("无法读取判定规则文件 \(rulesPath)") }
            ruleBook = try JudgmentRuleBook.parse(data, file: rulesPath)
        } catch {
            return CtlSupport.fail("判定规则文件有误：\(error)")
        }
        do {
            let database = try await CtlSupport.database()
            let registry = RegistryReader(database: database)
            let points: [String]
            if let mn = options["mn"] {
                points = [mn]
            } else if let outlet = options["outlet"] {
                points = try await registry.monitoringPoints(at: range.start).filter { $0.outletId == outlet }.map(\.mn).sorted()
                guard !points.isEmpty else { return CtlSupport.fail("排放口 \(outlet) 在 \(InstantText.format(range.start)) 没有监测点") }
            } else {
                let enterprise = options["enterprise"] ?? ""
                var enterpriseOf: [String: String?] = [:]
                var found: [String] = []
                for point in try await registry.monitoringPoints(at: range.start) {
                    if enterpriseOf[point.outletId] == nil {
                        enterpriseOf[point.outletId] = try await registry.outletContext(id: point.outletId, at: range.start)?.enterprise.id
                    }
                    if enterpriseOf[point.outletId] == enterprise { found.append(point.mn) }
                }
                points = found.sorted()
                guard !points.isEmpty else { return CtlSupport.fail("企业 \(enterprise) 在 \(InstantText.format(range.start)) 没有监测点") }
            }
            let codeRules = try await registry.ruleCatalogue().codeRules
            var results: [Any] = []
            for mn in points {
                results.append(try await judge(mn: mn, range: range, ruleBook: ruleBook, codeRules: codeRules, registry: registry, database: database))
            }
            Console.line(CtlSupport.json(["from": InstantText.format(range.start), "to": InstantText.format(range.end), "points": results]))
            return 0
        } catch {
            return CtlSupport.fail("\(error)")
        }
    }

    static func judge(mn: String, range: TimeSpan, ruleBook: JudgmentRuleBook, codeRules: CodeRules, registry: RegistryReader,
                      database: Database) async throws -> [String: Any] {
        guard let point = try await registry.monitoringPoint(mn: mn, at: range.start) else {
            throw RegistryError(code: .notFound, kind: "points", id: mn, instant: range.start, reason: "该时刻不存在此监测点")
        }
        guard let rules = ruleBook.rules(at: range.start) else { throw JudgeError("\(InstantText.format(range.start)) 没有生效的判定规则版本") }
        let subject = RecomputeSubject(
            mn: mn, pointId: point.pointId, outletId: point.outletId, outletName: point.outletName, enterpriseId: point.enterpriseId,
            enterpriseName: point.enterpriseName, medium: point.context.outlet.medium,
            basis: point.context.outlet.judgedBasis ?? point.context.outlet.medium.defaultBasis, countyCode: point.countyCode,
            cityCode: point.cityCode)
        // Hours are judged once complete, as the service does; never past the range asked.
        let progress = try await database.query("SELECT minutes_until, hours_until FROM judgment.progress WHERE mn = \(mn)").first
        let minutes = try progress?.decode("minutes_until", as: Date?.self).map(ExceedanceRecomputation.hourFloor)
        let hours = try progress?.decode("hours_until", as: Date?.self).map { $0.addingTimeInterval(3600) }
        let judgedThrough = min(range.end, [minutes, hours].compactMap { $0 }.max() ?? range.start)
        let recomputation = ExceedanceRecomputation(rules: rules, flagEffects: FlagEffects(codeRules: codeRules, protocol: point.protocolVersion))
        let (window, result) = try await recomputation.recomputeWidening(subject: subject, affected: range, judgedThrough: judgedThrough) { window in
            let values = try await Self.values(mn: mn, window: window, database: database)
            let marks = try await Self.marks(subject: subject, window: window, database: database)
            return ExceedanceRecomputation.WindowInputs(
                values: values, marks: marks,
                limits: try await registry.limitSchedules(context: point.context, factors: Set(values.map(\.factor)), basis: subject.basis,
                                                          window: window))
        }
        let flagEffects = FlagEffects(codeRules: codeRules, protocol: point.protocolVersion)
        let suspicions = try await Self.suspicions(subject: subject, context: point.context, range: range, judgedThrough: judgedThrough,
                                                   rules: rules, flagEffects: flagEffects, registry: registry, database: database)
        let abnormal = try await Self.abnormal(subject: subject, factors: point.factors, range: range, judgedThrough: judgedThrough, rules: rules,
                                               flagEffects: flagEffects, database: database)
        var judgments: [Any] = []
        for judgment in result.judgments {
            let published = try await database.query("SELECT body FROM judgment.judgments WHERE id = \(judgment.id)").first
                .map { try JudgmentPublication.decode(try $0.decode("body"), as: ExceedanceJudgment.self) }
            var object = try JSONSerialization.jsonObject(with: Data(try JudgmentPublication.canonical(judgment).utf8)) as? [String: Any] ?? [:]
            object.removeValue(forKey: "version")
            object["inputsHash"] = result.inputsHashes[judgment.id]
            object["publishedVersion"] = published?.version ?? NSNull()
            object["publishedStatus"] = published?.status.rawValue ?? NSNull()
            // Matches when publishing this recomputation would change nothing.
            object["matchesPublished"] = published.map { JudgmentPublication.reconcile(previous: [$0], current: [judgment]).isEmpty } ?? false
            judgments.append(object)
        }
        return ["mn": mn, "outletId": subject.outletId, "basis": subject.basis.rawValue, "rulesVersion": rules.version,
                "judgedThrough": InstantText.format(judgedThrough), "window": ["from": InstantText.format(window.start), "to": InstantText.format(window.end)],
                "judgments": judgments, "abnormal": abnormal, "suspicions": suspicions,
                "deviceMeanMismatches": result.mismatches.filter { range.contains($0.hourStart) }.map {
                    ["factor": $0.factor, "hour": InstantText.format($0.hourStart), "deviceMean": $0.deviceMean, "recomputedMean": $0.recomputedMean]
                }]
    }
}

extension JudgeCommand {
    static func values(mn: String, window: TimeSpan, database: Database) async throws -> [StoredValue] {
        try await JudgmentReadings.values(mn: mn, window: window, in: database)
    }

    static func marks(subject: RecomputeSubject, window: TimeSpan, database: Database) async throws -> [MarkRecord] {
        try await JudgmentReadings.marks(outletId: subject.outletId, mn: subject.mn, window: window, in: database)
    }

    /// The abnormal-operation findings of the range recomputed as the service does (the window
    /// reaching back to the findings published there, equipment states, the outlet's gaps of the
    /// quarter numbered and the exemption given over all its points), each beside the version
    /// published. Read without locks: the service may be judging meanwhile.
    static func abnormal(subject: RecomputeSubject, factors: [MonitoringPoint.Factor], range: TimeSpan, judgedThrough: Date,
                         rules: JudgmentRules, flagEffects: FlagEffects, database: Database) async throws -> [Any] {
        let recent = try await JudgmentReadings.abnormalFindings(mn: subject.mn, window: range, lock: false, in: database)
        let window = AbnormalRecomputation.window(affected: range, published: recent)
        let previous = try await JudgmentReadings.abnormalFindings(mn: subject.mn, window: window, lock: false, in: database)
        let windowValues = try await values(mn: subject.mn, window: window, database: database)
        let hold = TimeInterval(rules.equipment.statusHoldMinutes * 60)
        let states = try await JudgmentReadings.equipmentStates(mn: subject.mn, polIds: Set(windowValues.map(\.factor)).sorted(),
                                                                from: window.start.addingTimeInterval(-hold), to: window.end, in: database)
        var rangeHighs: [String: Double] = [:]
        for factor in factors { if let high = factor.rangeHigh { rangeHighs[factor.code] = high } }
        let result = try AbnormalRecomputation(rules: rules, flagEffects: flagEffects).recompute(
            subject: subject, window: window, judgedThrough: judgedThrough, values: windowValues,
            marks: try await marks(subject: subject, window: window, database: database), rangeHighs: rangeHighs, statusReports: states)
        var outletGaps: [AbnormalOperationJudgment] = []
        for quarter in OutletGapSequence.quarters(of: previous + result.judgments) {
            outletGaps += try await JudgmentReadings.outletGaps(outletId: subject.outletId, quarter: quarter, lock: false, in: database).map(\.judgment)
        }
        let settled = OutletGapSequence.settle(recomputed: result.judgments, replacing: previous, published: outletGaps, rules: rules).current
        let publishedById = Dictionary(previous.map { ($0.id, $0) }, uniquingKeysWith: { a, b in a.version >= b.version ? a : b })
        var objects: [Any] = []
        for judgment in settled where judgment.periodEnd > range.start && judgment.periodStart < range.end {
            let published = publishedById[judgment.id]
            var object = try JSONSerialization.jsonObject(with: Data(try JudgmentPublication.canonical(judgment).utf8)) as? [String: Any] ?? [:]
            object.removeValue(forKey: "version")
            object["inputsHash"] = result.inputsHashes[judgment.id] ?? NSNull()
            object["publishedVersion"] = published?.version ?? NSNull()
            object["publishedStatus"] = published?.status.rawValue ?? NSNull()
            object["matchesPublished"] = published.map { JudgmentPublication.reconcile(previous: [$0], current: [judgment]).isEmpty } ?? false
            objects.append(object)
        }
        return objects
    }

    /// The falsification suspicions of the range recomputed as the service does (oxygen near 21 %;
    /// converted mismatch and flat-while-load over the China days; clustering over the complete
    /// months from the stored judged hours; analyser-parameter changes from the site information),
    /// each beside the version published.
    static func suspicions(subject: RecomputeSubject, context: OutletContext, range: TimeSpan, judgedThrough: Date, rules: JudgmentRules,
                           flagEffects: FlagEffects, registry: RegistryReader, database: Database) async throws -> [Any] {
        var found: [(FalsificationSuspicionJudgment, String?)] = []
        let oxygenWindow = SuspicionRecomputation.window(affected: range, published: [])
        let oxygen = try SuspicionRecomputation(rules: rules, flagEffects: flagEffects).recompute(
            subject: subject, window: oxygenWindow, judgedThrough: judgedThrough,
            values: try await values(mn: subject.mn, window: oxygenWindow, database: database),
            marks: try await marks(subject: subject, window: oxygenWindow, database: database))
        found += oxygen.judgments.map { ($0, oxygen.inputsHashes[$0.id]) }

        let levels = LevelRecomputation(rules: rules, flagEffects: flagEffects)
        let dayWindow = LevelRecomputation.window(affected: range, published: [])
        let dayValues = try await values(mn: subject.mn, window: dayWindow, database: database)
        let daily = try levels.recompute(
            subject: subject, window: dayWindow, judgedThrough: judgedThrough, values: dayValues,
            marks: try await marks(subject: subject, window: dayWindow, database: database),
            limits: try await registry.limitSchedules(context: context, factors: Set(dayValues.map(\.factor)), basis: subject.basis,
                                                      window: dayWindow))
        found += daily.suspicions.map { ($0, daily.inputsHashes[$0.id]) }

        if let months = LevelRecomputation.months(around: dayWindow, judgedThrough: judgedThrough) {
            for factor in try await JudgmentReadings.judgedFactors(mn: subject.mn, span: months, in: database) {
                let hours = try await JudgmentReadings.judgedHours(mn: subject.mn, factor: factor, span: months, in: database)
                let clustering = levels.clustering(subject: subject, factor: factor, hours: hours, judgedThrough: judgedThrough)
                found += clustering.judgments.map { ($0, clustering.inputsHashes[$0.id]) }
            }
        }

        let reports = try await JudgmentReadings.siteReports(mn: subject.mn, codes: rules.suspicion.analyserParameterCodes, from: range.start,
                                                             until: range.end, in: database)
        let parameterMarks = try await marks(subject: subject, window: TimeSpan(start: reports.map(\.dataTime).min() ?? range.start,
                                                                                end: range.end) ?? range, database: database)
        let parameters = ParameterChangeRecomputation(rules: rules).recompute(subject: subject, reports: reports, from: range.start,
                                                                               marks: parameterMarks)
        found += parameters.judgments.map { ($0, parameters.inputsHashes[$0.id]) }

        var result: [Any] = []
        for (judgment, hash) in found where judgment.periodEnd > range.start && judgment.periodStart < range.end {
            let published = try await database.query("SELECT body FROM judgment.suspicions WHERE id = \(judgment.id)").first
                .map { try JudgmentPublication.decode(try $0.decode("body"), as: FalsificationSuspicionJudgment.self) }
            var object = try JSONSerialization.jsonObject(with: Data(try JudgmentPublication.canonical(judgment).utf8)) as? [String: Any] ?? [:]
            object.removeValue(forKey: "version")
            object["inputsHash"] = hash ?? NSNull()
            object["publishedVersion"] = published?.version ?? NSNull()
            object["publishedStatus"] = published?.status.rawValue ?? NSNull()
            object["matchesPublished"] = published.map { JudgmentPublication.reconcile(previous: [$0], current: [judgment]).isEmpty } ?? false
            result.append(object)
        }
        return result
    }
}

struct JudgeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
