public import Foundation

/// Reconciles marks with what the plant's own signals show (marking.md, "False, missed and wrong
/// marks"), under the rules of one mark-checks version. Pure: the caller supplies the samples and
/// marks of the outlet; verdict ids are stable, so recomputing with the same inputs repeats them.
public struct MarkReconciler: Sendable {
    public let checks: MarkCheckCatalogue
    /// Samples kept as evidence in a verdict, at most (the newest ones when more).
    public let maximumEvidenceSamples: Int

    public init(checks: MarkCheckCatalogue, maximumEvidenceSamples: Int = 500) {
        self.checks = checks
        self.maximumEvidenceSamples = maximumEvidenceSamples
    }

    /// Verdicts on one accepted mark version: one per rule it breaks, else one `consistent`.
    /// A withdrawn version covers nothing and gets none.
    public func reconcile(_ mark: MarkRecord, unitType: UnitType?, unitCapacity: ProductionUnit.Capacity? = nil,
                          samples: [ParameterSample], otherMarks: [MarkRecord], decidedAt: Date) -> [MarkVerdict] {
        guard mark.status == .active else { return [] }
        let day = CivilDate(chinaTimeOf: mark.start)
        var verdicts: [MarkVerdict] = []
        for rule in checks.rules(kind: .suspectedFalse, unitType: unitType, on: day) where rule.markTypes.contains(mark.typeId) {
            guard let threshold = rule.threshold(for: unitCapacity) else { continue }
            let series = samples.filter { $0.code == rule.parameterCode && mark.start <= $0.time && $0.time < mark.end }
                .sorted { $0.time < $1.time }
            let run = Self.longestRun(series) { rule.comparison.holds($0.value, threshold) }
            guard run.count >= rule.minimumSamples, let peak = run.map(\.value).max() else { continue }
            let message = "\(rule.messageZh)：标记期间\(rule.parameterNameZh)连续 \(run.count) 个数据\(rule.comparison.symbol) \(MarkValidator.hours(threshold))\(rule.measureUnit)（最高 \(MarkValidator.hours(peak))\(rule.measureUnit)）"
            verdicts.append(verdict(.suspectedFalse, rule: rule.id, mark: mark, message: message,
                                    inputs: [input(rule, series, threshold: threshold)], decidedAt: decidedAt))
        }
        for rule in checks.rules(kind: .wrongSequence, unitType: unitType, on: day) where rule.markTypes.contains(mark.typeId) {
            let window = rule.withinMinutes * 60
            let preceding = otherMarks.filter {
                $0.id != mark.id && $0.status == .active && $0.outletId == mark.outletId && rule.afterTypes.contains($0.typeId)
                    && $0.end <= mark.start && mark.start.timeIntervalSince($0.end) <= window
            }
            guard let before = preceding.max(by: { $0.end < $1.end }) else { continue }
            let gap = MarkValidator.hours(mark.start.timeIntervalSince(before.end) / 60)
            let message = "\(rule.messageZh)：紧接标记「\(before.id)」（\(before.typeId)）结束后 \(gap) 分钟开始"
            let inputs = [MarkVerdict.Input(source: "mark:\(before.id)", nameZh: before.typeId, measureUnit: "min", comparison: "within",
                                            threshold: rule.withinMinutes, samples: [])]
            verdicts.append(verdict(.wrong, rule: rule.id, mark: mark, message: message, inputs: inputs, decidedAt: decidedAt))
        }
        if verdicts.isEmpty {
            verdicts.append(verdict(.consistent, rule: "all-rules", mark: mark, message: "标记与工况参数及其他标记一致", inputs: [],
                                    decidedAt: decidedAt))
        }
        return verdicts
    }

    /// Periods the parameters show a stop (or shut-down) that no mark of the rule's types covers,
    /// once their marking deadline (`deadline(start)`) has passed at `now`: missed marks.
    public func missedStops(enterpriseId: String, outletId: String, mn: String?, unitType: UnitType?, samples: [ParameterSample],
                            marks: [MarkRecord], now: Date, deadline: (Date) -> Date) -> [MarkVerdict] {
        unmarkedStops(outletId: outletId, unitType: unitType, samples: samples, marks: marks).filter { deadline($0.start) <= now }.map { stop in
            let rule = stop.rule
            let message = "\(rule.messageZh)：\(ChinaTimeText.format(stop.start)) 至 \(ChinaTimeText.format(stop.end)) \(rule.parameterNameZh)\(rule.comparison.symbol) \(MarkValidator.hours(rule.threshold))\(rule.measureUnit)，截止时限已过仍未标记"
            return MarkVerdict(
                id: "\(outletId)/\(rule.id)/\(Int(stop.start.timeIntervalSince1970))", kind: .missed, ruleId: rule.id, markId: nil,
                markVersion: nil, markTypeId: nil, enterpriseId: enterpriseId, outletId: outletId, mn: mn, start: stop.start,
                end: stop.end, messageZh: message, inputs: [input(rule, stop.samples)], catalogueVersion: checks.version, decidedAt: now)
        }
    }

    /// A period the missed-stop rules see in the parameters that no mark of their types covers,
    /// at least `minimumMinutes` long: missed once its deadline passes, proposed (as the rule's
    /// `proposedTypeId`) once it has `ended` (a later sample is back at operating level).
    public struct UnmarkedStop: Sendable, Hashable {
        public var rule: ReconciliationRule
        public var start: Date
        public var end: Date
        public var ended: Bool
        public var samples: [ParameterSample]
    }

    public func unmarkedStops(outletId: String, unitType: UnitType?, samples: [ParameterSample], marks: [MarkRecord]) -> [UnmarkedStop] {
        var stops: [UnmarkedStop] = []
        for rule in checks.rules.filter({ $0.kind == .missedStop }) {
            guard let unitType, rule.unitTypes.contains(unitType) else { continue }
            let series = samples.filter { $0.code == rule.parameterCode }.sorted { $0.time < $1.time }
            for run in Self.runs(series, where: { rule.comparison.holds($0.value, rule.threshold) }) {
                guard let first = run.first, let last = run.last, rule.effective.contains(CivilDate(chinaTimeOf: first.time)) else { continue }
                let ended = series.last.map { $0.time > last.time } ?? false
                let covering = marks.filter { $0.status == .active && $0.outletId == outletId && rule.markTypes.contains($0.typeId) }
                for gap in Self.uncovered(first.time, last.time, by: covering) where gap.end.timeIntervalSince(gap.start) >= rule.minimumMinutes * 60 {
                    stops.append(UnmarkedStop(rule: rule, start: gap.start, end: gap.end, ended: ended || gap.end < last.time,
                                              samples: run.filter { gap.start <= $0.time && $0.time <= gap.end }))
                }
            }
        }
        return stops
    }

    /// Exceedances Judgment still stands for once the marking deadline of their period has passed,
    /// with the part of their period no mark excluding the factor's data covers: missed marks.
    /// Withdrawn exceedances (a mark was accepted meanwhile) are not missed.
    public func missedExceedances(_ exceedances: [ExceedanceJudgment], marks: [MarkRecord], now: Date,
                                  deadline: (Date) -> Date) -> [MarkVerdict] {
        var verdicts: [MarkVerdict] = []
        for exceedance in exceedances where exceedance.status != .withdrawn && deadline(exceedance.periodStart) <= now {
            let day = CivilDate(chinaTimeOf: exceedance.periodStart)
            for rule in checks.rules(kind: .missedExceedance, unitType: nil, on: day) {
                let covering = marks.filter { mark in
                    mark.status == .active && mark.outletId == exceedance.outletId && mark.effect.excludesFromExceedance
                        && (rule.markTypes.isEmpty || rule.markTypes.contains(mark.typeId))
                        && (mark.mn == nil || mark.mn == exceedance.mn) && (mark.factors.isEmpty || mark.factors.contains(exceedance.factor))
                }
                let gaps = Self.uncovered(exceedance.periodStart, exceedance.periodEnd, by: covering).filter { $0.end > $0.start }
                guard let first = gaps.first, let last = gaps.last else { continue }
                let message = "\(rule.messageZh)：\(exceedance.factorName) \(ChinaTimeText.format(exceedance.periodStart)) 起超标（\(MarkValidator.hours(exceedance.value))\(exceedance.unit)，限值 \(MarkValidator.hours(exceedance.limit))\(exceedance.unit)），截止时限已过仍未标记，数据按正常有效计"
                let input = MarkVerdict.Input(source: "exceedance:\(exceedance.id)", nameZh: exceedance.factorName, measureUnit: exceedance.unit,
                                              comparison: ReconciliationRule.Comparison.above.rawValue, threshold: exceedance.limit,
                                              samples: [.init(time: exceedance.periodStart, value: exceedance.value)])
                verdicts.append(MarkVerdict(
                    id: "\(exceedance.outletId)/\(rule.id)/\(exceedance.id)", kind: .missed, ruleId: rule.id, markId: nil, markVersion: nil,
                    markTypeId: nil, enterpriseId: exceedance.enterpriseId, outletId: exceedance.outletId, mn: exceedance.mn, start: first.start,
                    end: last.end, messageZh: message, inputs: [input], catalogueVersion: checks.version, decidedAt: now))
            }
        }
        return verdicts
    }

    /// Gaps in the data (Judgment's abnormal-operation findings of a `missed-gap` rule's kinds) still
    /// standing once the marking deadline of their period has passed, with part of the period not
    /// covered by any active mark excluding the data on that point and its factors: missed marks.
    /// Exempted gaps count too: the quarterly exemption spares the outlet an abnormal-operation
    /// order, not the enterprise its mark.
    public func missedGaps(_ findings: [AbnormalOperationJudgment], marks: [MarkRecord], now: Date,
                           deadline: (Date) -> Date) -> [MarkVerdict] {
        var verdicts: [MarkVerdict] = []
        for finding in findings where finding.status != .withdrawn && !finding.ongoing && deadline(finding.periodStart) <= now {
            let day = CivilDate(chinaTimeOf: finding.periodStart)
            for rule in checks.rules(kind: .missedGap, unitType: nil, on: day) where rule.findingKinds.contains(finding.kind) {
                let covering = marks.filter { mark in
                    mark.status == .active && mark.outletId == finding.outletId && mark.effect.excludesFromExceedance
                        && (rule.markTypes.isEmpty || rule.markTypes.contains(mark.typeId))
                        && (mark.mn == nil || mark.mn == finding.mn)
                        && (mark.factors.isEmpty || finding.factors.isEmpty || !Set(mark.factors).isDisjoint(with: finding.factors))
                }
                let gaps = Self.uncovered(finding.periodStart, finding.periodEnd, by: covering).filter { $0.end > $0.start }
                guard let first = gaps.first, let last = gaps.last else { continue }
                let minutes = Int((finding.periodEnd.timeIntervalSince(finding.periodStart) / 60).rounded())
                let message = "\(rule.messageZh)：\(finding.kindName) \(ChinaTimeText.format(finding.periodStart)) 起 \(minutes) 分钟，截止时限已过仍未标记"
                let input = MarkVerdict.Input(source: "abnormal:\(finding.id)", nameZh: finding.kindName, measureUnit: "min",
                                              comparison: ReconciliationRule.Comparison.above.rawValue, threshold: 0,
                                              samples: [.init(time: finding.periodStart, value: Double(minutes))])
                verdicts.append(MarkVerdict(
                    id: "\(finding.outletId)/\(rule.id)/\(finding.id)", kind: .missed, ruleId: rule.id, markId: nil, markVersion: nil,
                    markTypeId: nil, enterpriseId: finding.enterpriseId, outletId: finding.outletId, mn: finding.mn, start: first.start,
                    end: last.end, messageZh: message, inputs: [input], catalogueVersion: checks.version, decidedAt: now))
            }
        }
        return verdicts
    }

    /// Closed proposals of a `missed-proposal` rule's types (a calibration or maintenance the device
    /// flagged) that the enterprise neither confirmed nor rejected by the marking deadline of their
    /// period, with part of them not covered by a mark excluding the data: missed marks. A rejected
    /// proposal is the enterprise's answer and is not missed.
    public func missedProposals(_ proposals: [MarkProposal], marks: [MarkRecord], now: Date, deadline: (Date) -> Date) -> [MarkVerdict] {
        var verdicts: [MarkVerdict] = []
        for proposal in proposals where proposal.status == .closed && deadline(proposal.start) <= now {
            let day = CivilDate(chinaTimeOf: proposal.start)
            for rule in checks.rules(kind: .missedProposal, unitType: nil, on: day) where rule.markTypes.contains(proposal.typeId) {
                let covering = marks.filter { mark in
                    mark.status == .active && mark.outletId == proposal.outletId && mark.effect.excludesFromExceedance
                        && (mark.mn == nil || mark.mn == proposal.mn)
                        && (mark.factors.isEmpty || proposal.factors.isEmpty || !Set(mark.factors).isDisjoint(with: proposal.factors))
                }
                let gaps = Self.uncovered(proposal.start, proposal.end, by: covering).filter { $0.end > $0.start }
                guard let first = gaps.first, let last = gaps.last else { continue }
                let minutes = Int((proposal.end.timeIntervalSince(proposal.start) / 60).rounded())
                let message = "\(rule.messageZh)：\(proposal.nameZh) \(ChinaTimeText.format(proposal.start)) 起 \(minutes) 分钟（\(proposal.sources.joined(separator: "、"))），截止时限已过既未确认也未驳回"
                let input = MarkVerdict.Input(source: "proposal:\(proposal.id)", nameZh: proposal.nameZh, measureUnit: "min",
                                              comparison: ReconciliationRule.Comparison.above.rawValue, threshold: 0,
                                              samples: [.init(time: proposal.start, value: Double(minutes))])
                verdicts.append(MarkVerdict(
                    id: "\(proposal.outletId)/\(rule.id)/\(proposal.id)", kind: .missed, ruleId: rule.id, markId: nil, markVersion: nil,
                    markTypeId: proposal.typeId, enterpriseId: proposal.enterpriseId, outletId: proposal.outletId, mn: proposal.mn,
                    start: first.start, end: last.end, messageZh: message, inputs: [input], catalogueVersion: checks.version, decidedAt: now))
            }
        }
        return verdicts
    }

    private func verdict(_ kind: MarkVerdict.Kind, rule: String, mark: MarkRecord, message: String, inputs: [MarkVerdict.Input],
                         decidedAt: Date) -> MarkVerdict {
        MarkVerdict(id: "\(mark.id)/v\(mark.version)/\(rule)/\(kind.rawValue)", kind: kind, ruleId: rule, markId: mark.id,
                    markVersion: mark.version, markTypeId: mark.typeId, enterpriseId: mark.enterpriseId, outletId: mark.outletId,
                    mn: mark.mn, start: mark.start, end: mark.end, messageZh: message, inputs: inputs,
                    catalogueVersion: checks.version, decidedAt: decidedAt)
    }

    private func input(_ rule: ReconciliationRule, _ series: [ParameterSample], threshold: Double? = nil) -> MarkVerdict.Input {
        MarkVerdict.Input(source: rule.parameterCode, nameZh: rule.parameterNameZh, measureUnit: rule.measureUnit,
                          comparison: rule.comparison.rawValue, threshold: threshold ?? rule.threshold,
                          samples: series.suffix(maximumEvidenceSamples).map { .init(time: $0.time, value: $0.value) })
    }

    static func runs(_ series: [ParameterSample], where holds: (ParameterSample) -> Bool) -> [[ParameterSample]] {
        var runs: [[ParameterSample]] = []
        var current: [ParameterSample] = []
        for sample in series {
            if holds(sample) { current.append(sample) } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    static func longestRun(_ series: [ParameterSample], where holds: (ParameterSample) -> Bool) -> [ParameterSample] {
        runs(series, where: holds).max { $0.count < $1.count } ?? []
    }

    /// Parts of `[start, end]` no mark covers.
    static func uncovered(_ start: Date, _ end: Date, by marks: [MarkRecord]) -> [(start: Date, end: Date)] {
        var gaps: [(start: Date, end: Date)] = []
        var cursor = start
        for mark in marks.sorted(by: { $0.start < $1.start }) where mark.end > cursor && mark.start <= end {
            if mark.start > cursor { gaps.append((cursor, mark.start)) }
            cursor = max(cursor, mark.end)
            if cursor > end { break }
        }
        if cursor < end { gaps.append((cursor, end)) }
        return gaps
    }
}
