import Foundation

/// Abnormal operation of the monitoring equipment in one factor's series (judgment.md §4):
/// gaps while the source operates (turned into findings, with the quarterly fault exemption, by
/// `QuarterlyGapExemption` over the whole outlet), unchanged values, over range, long or
/// frequent `D`/`M`/`C`, equipment states contradicting flags and marks, undefined flags.
/// Every threshold comes from the rules version.
public struct AbnormalOperationDetector: Sendable {
    public struct Report: Sendable, Hashable {
        public var gaps: [DataGap]
        /// Findings other than gaps, in order of start, kind and id.
        public var findings: [AbnormalFinding]
    }

    public let rules: JudgmentRules

    public init(rules: JudgmentRules) { self.rules = rules }

    /// - Parameters:
    ///   - stopped: spans the source did not operate beyond its stop marks (e.g. from the load);
    ///     values there are neither gaps nor constant.
    ///   - rangeHigh: the analyser's upper range (`MonitoringPoint.Factor.rangeHigh`).
    ///   - equipmentStatus: the state code (i12001) in force at each slot, on the series' grid
    ///     (`absent` where unknown).
    public func detect(_ resolved: ResolvedSeries, outletId: String, factor: String, stopped: [TimeSpan] = [],
                       rangeHigh: Double? = nil, equipmentStatus: SampleSeries? = nil,
                       statusCode: String = "i12001") throws(JudgmentInputError) -> Report {
        if let equipmentStatus, !equipmentStatus.hasSameGrid(as: resolved.series) {
            throw JudgmentInputError(.gridMismatch, "设备状态序列须与监测数据序列起点、间隔、长度一致")
        }
        let scan = Scan(resolved: resolved, outletId: outletId, factor: factor, rules: rules, stopped: stopped)
        var findings = scan.constantValues()
        findings += scan.overRange(rangeHigh: rangeHigh)
        findings += scan.flagRuns()
        findings += scan.unknownFlags()
        if let equipmentStatus { findings += scan.statusContradictions(equipmentStatus, code: statusCode) }
        return Report(gaps: scan.gaps(), findings: findings.sorted(by: AbnormalFinding.ordered))
    }
}

/// One pass's worth of shared state over a resolved series.
private struct Scan {
    let resolved: ResolvedSeries
    let outletId: String
    let factor: String
    let rules: JudgmentRules
    let operating: [Bool]

    init(resolved: ResolvedSeries, outletId: String, factor: String, rules: JudgmentRules, stopped: [TimeSpan]) {
        self.resolved = resolved
        self.outletId = outletId
        self.factor = factor
        self.rules = rules
        var operating = resolved.states.map { $0.status != .outOfService }
        for span in stopped {
            guard let slots = resolved.series.slots(from: JudgmentClock.seconds(span.start), to: JudgmentClock.seconds(span.end)) else { continue }
            for index in slots { operating[index] = false }
        }
        self.operating = operating
    }

    var series: SampleSeries { resolved.series }

    func minutes(_ run: Range<Int>) -> Int { run.count * series.intervalSeconds / 60 }

    func span(_ run: Range<Int>) -> (Date, Date) { (series.slotStart(run.lowerBound), series.slotStart(run.upperBound)) }

    func markIds(_ run: Range<Int>) -> [String] {
        resolved.markIds(from: series.slotSeconds(run.lowerBound), to: series.slotSeconds(run.upperBound))
    }

    func finding(_ kind: AbnormalFinding.Kind, idKind: String? = nil, _ run: Range<Int>, _ evidence: AbnormalFinding.Evidence) -> AbnormalFinding {
        let (start, end) = span(run)
        return AbnormalFinding(id: JudgmentId.abnormal(kind: idKind ?? kind.rawValue, subject: outletId, factor: factor, start: start),
                               kind: kind, outletId: outletId, factors: [factor], start: start, end: end, evidence: evidence,
                               isExempted: false, isOpen: run.upperBound == series.count, rulesVersion: rules.version)
    }

    /// Maximal runs of consecutive slots satisfying `predicate`.
    static func runs(_ count: Int, _ predicate: (Int) -> Bool) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start: Int?
        for index in 0..<count {
            if predicate(index) {
                if start == nil { start = index }
            } else if let first = start {
                result.append(first..<index)
                start = nil
            }
        }
        if let first = start { result.append(first..<count) }
        return result
    }

    func gaps() -> [DataGap] {
        let flags = series.flags, states = resolved.states
        let excludedFlags = Set(rules.gaps.excludedFlags.map { DataFlag(code: $0) })
        let excludedTypes = Set(rules.gaps.excludedMarkTypes), faultTypes = Set(rules.gaps.faultMarkTypes)
        let excluded = resolved.coverage { excludedTypes.contains($0.typeId) }
        let fault = resolved.coverage { faultTypes.contains($0.typeId) }
        let runs = Self.runs(series.count) { index in
            operating[index] && !states[index].status.isValidMeasurement && !excludedFlags.contains(flags[index]) && !excluded[index]
        }
        return runs.compactMap { run in
            let cause: DataGap.Cause
            if run.allSatisfy({ flags[$0] == .d || fault[$0] }) {
                cause = .fault
            } else if run.allSatisfy({ flags[$0] == .b }) {
                cause = .communication
            } else {
                cause = .noData
            }
            let minimum = cause == .communication ? rules.equipment.communicationLossMinimumMinutes : rules.gaps.minimumMinutes
            guard minutes(run) >= minimum else { return nil }
            let (start, end) = span(run)
            return DataGap(outletId: outletId, factor: factor, start: start, end: end, cause: cause, markIds: markIds(run),
                           isOpen: run.upperBound == series.count)
        }
    }

    /// Valid values within the tolerance of the run's first value while the source operates,
    /// measured in valid minutes: an invalid or missing value in between (a calibration) neither
    /// breaks nor extends the run; a stop breaks it.
    func constantValues() -> [AbnormalFinding] {
        let values = series.values, states = resolved.states
        let tolerance = rules.equipment.constantValueTolerance
        let minutesPerSlot = series.intervalSeconds / 60
        var findings: [AbnormalFinding] = []
        var first: Int?, last = 0, value = 0.0, validSlots = 0
        func close() {
            defer { first = nil }
            guard let start = first, validSlots * minutesPerSlot >= rules.equipment.constantValueMinimumMinutes else { return }
            let run = start..<(last + 1)
            findings.append(finding(.constantValue, run, .init(minutes: validSlots * minutesPerSlot, value: value, markIds: markIds(run))))
        }
        for index in 0..<series.count {
            guard operating[index] else {
                close()
                continue
            }
            guard states[index].status.isValidMeasurement else { continue }
            if first != nil, abs(values[index] - value) <= tolerance {
                last = index
                validSlots += 1
            } else {
                close()
                first = index
                last = index
                value = values[index]
                validSlots = 1
            }
        }
        close()
        return findings
    }

    func overRange(rangeHigh: Double?) -> [AbnormalFinding] {
        let values = series.values, flags = series.flags, states = resolved.states
        let threshold = rangeHigh.map { $0 * rules.equipment.rangeEndShare }
        let runs = Self.runs(series.count) { index in
            flags[index] == .t || (threshold.map { states[index].flagStatus.isValidMeasurement && values[index] >= $0 } ?? false)
        }
        return runs.filter { minutes($0) >= rules.equipment.overRangeMinimumMinutes }.map { run in
            let flagged = run.contains { flags[$0] == .t }
            return finding(.overRange, run, .init(minutes: minutes(run), flag: flagged ? "T" : nil, value: run.map { values[$0] }.max(),
                                                  rangeHigh: rangeHigh, markIds: markIds(run)))
        }
    }

    func flagRuns() -> [AbnormalFinding] {
        let flags = series.flags
        var findings: [AbnormalFinding] = []
        for rule in rules.equipment.flagRuns {
            let flag = DataFlag(code: rule.flag)
            let runs = Self.runs(series.count) { flags[$0] == flag }
            for run in runs where minutes(run) > rule.maximumRunMinutes {
                findings.append(finding(.longFlagRun, idKind: "long-flag-run.\(rule.flag)", run,
                                        .init(minutes: minutes(run), flag: rule.flag, markIds: markIds(run))))
            }
            let byDay = Dictionary(grouping: runs) { JudgmentClock.chinaDayIndex(series.slotSeconds($0.lowerBound)) }
            for (day, dayRuns) in byDay where dayRuns.count > rule.maximumRunsPerDay {
                let dayStart = JudgmentClock.chinaDayStart(day)
                let start = JudgmentClock.date(dayStart)
                findings.append(AbnormalFinding(
                    id: JudgmentId.abnormal(kind: "frequent-flag-runs.\(rule.flag)", subject: outletId, factor: factor, start: start),
                    kind: .frequentFlagRuns, outletId: outletId, factors: [factor], start: start,
                    end: JudgmentClock.date(dayStart + JudgmentClock.day),
                    evidence: .init(minutes: dayRuns.reduce(0) { $0 + minutes($1) }, flag: rule.flag, runs: dayRuns.count,
                                    markIds: dayRuns.flatMap(markIds).uniqued()),
                    isExempted: false, isOpen: series.endSeconds < dayStart + JudgmentClock.day, rulesVersion: rules.version))
            }
        }
        return findings
    }

    func unknownFlags() -> [AbnormalFinding] {
        let flags = series.flags
        return Self.runs(series.count) { flags[$0] == .unknown }.map { run in
            finding(.unknownFlag, run, .init(minutes: minutes(run), markIds: markIds(run)))
        }
    }

    func statusContradictions(_ status: SampleSeries, code: String) -> [AbnormalFinding] {
        let flags = series.flags
        let expectations = rules.equipment.statusExpectations.filter { $0.code == code }
        let excused = expectations.map { expectation in
            expectation.markTypes.isEmpty ? nil : resolved.coverage { expectation.markTypes.contains($0.typeId) }
        }
        // For each slot: the contradicted state value, or nil.
        let contradicted: [Int?] = (0..<series.count).map { index in
            let flag = flags[index]
            guard status.flags[index] != .absent, flag != .absent, flag != .b, flag != .unknown, let flagCode = flag.code else { return nil }
            let state = Int(status.values[index])
            guard let which = expectations.firstIndex(where: { $0.values.contains(state) }) else { return nil }
            if expectations[which].flags.contains(flagCode) || excused[which]?[index] == true { return nil }
            return state
        }
        var findings: [AbnormalFinding] = []
        var index = 0
        while index < series.count {
            guard let state = contradicted[index] else {
                index += 1
                continue
            }
            var end = index + 1
            while end < series.count, contradicted[end] == state { end += 1 }
            let run = index..<end
            if minutes(run) >= rules.equipment.statusContradictionMinimumMinutes {
                let seen = Set(run.compactMap { flags[$0].code }).sorted()
                findings.append(finding(.statusContradiction, run, .init(minutes: minutes(run), statusCode: code, statusValue: state,
                                                                         flagsSeen: seen, markIds: markIds(run))))
            }
            index = end
        }
        return findings
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
