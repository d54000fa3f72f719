public import Foundation

/// Signs of falsification in hourly data (judgment.md §5), each threshold from the rules version.
/// The one sign not detected here, analyser parameters changed without a maintenance record,
/// needs the parameter history (CN 3020) and is not in these inputs.
public struct FalsificationDetector: Sendable {
    public let rules: JudgmentRules

    public init(rules: JudgmentRules) { self.rules = rules }

    /// Runs of valid O2 hours at or above `oxygenNear21Percent` while the source runs (not marked
    /// stopped, not in `stopped`), at least `oxygenNear21MinimumHours` long. `load` (same hours),
    /// when given, is shown beside each hour as evidence of operation.
    public func oxygenNear21(outletId: String, oxygen: [PeriodMean], load: [PeriodMean]? = nil,
                             stopped: [TimeSpan] = []) -> [FalsificationSuspicion] {
        let spans = TimeSpan.merged(stopped)
        let near = oxygen.map { hour in
            guard let value = hour.validValue, value >= rules.suspicion.oxygenNear21Percent, hour.minutes.outOfService == 0 else { return false }
            return !spans.contains { $0.start < hour.end && hour.start < $0.end }
        }
        return runs(near, in: oxygen).filter { $0.count >= rules.suspicion.oxygenNear21MinimumHours }.map { run in
            let hourly = run.map { index in
                FalsificationSuspicion.HourEvidence(start: oxygen[index].start, value: oxygen[index].validValue!,
                                                    reference: load.flatMap { $0.first { $0.start == oxygen[index].start }?.validValue })
            }
            return suspicion(.oxygenNear21, outletId: outletId, factor: "a19001", start: oxygen[run.lowerBound].start,
                             end: oxygen[run.upperBound - 1].end, evidence: .init(hours: run.count, hourly: hourly))
        }
    }

    /// Per China-time day: at least `flatMinimumHours` hours with both a valid concentration and a
    /// valid load, the concentration's coefficient of variation at most `flatMaximumVariation`
    /// while the load's (max − min) / mean is at least `flatMinimumLoadSwing`.
    public func flatWhileLoadSwings(outletId: String, factor: String, hours: [PeriodMean],
                                    load: [PeriodMean]) -> [FalsificationSuspicion] {
        let loadByStart = Dictionary(load.compactMap { hour in hour.validValue.map { (hour.start, $0) } }, uniquingKeysWith: { a, _ in a })
        let byDay = Dictionary(grouping: hours.filter { $0.validValue != nil && loadByStart[$0.start] != nil }) {
            JudgmentClock.chinaDayIndex(JudgmentClock.seconds($0.start))
        }
        return byDay.keys.sorted().compactMap { day in
            let dayHours = byDay[day]!.sorted { $0.start < $1.start }
            guard dayHours.count >= rules.suspicion.flatMinimumHours else { return nil }
            let values = dayHours.map { $0.validValue! }, loads = dayHours.map { loadByStart[$0.start]! }
            let mean = values.reduce(0, +) / Double(values.count)
            let deviation = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
            let variation = mean != 0 ? deviation / abs(mean) : (deviation == 0 ? 0 : .infinity)
            let loadMean = loads.reduce(0, +) / Double(loads.count)
            let (low, high) = (loads.min()!, loads.max()!)
            let swing = loadMean > 0 ? (high - low) / loadMean : 0
            guard variation <= rules.suspicion.flatMaximumVariation, swing >= rules.suspicion.flatMinimumLoadSwing else { return nil }
            let dayStart = JudgmentClock.chinaDayStart(day)
            return suspicion(.flatWhileLoadSwings, outletId: outletId, factor: factor, start: JudgmentClock.date(dayStart),
                             end: JudgmentClock.date(dayStart + JudgmentClock.day),
                             evidence: .init(hours: dayHours.count, variation: variation, loadMinimum: low, loadMaximum: high, loadSwing: swing))
        }
    }

    /// One judged hour as clustering needs it: the judged (converted) value and, for a maximum
    /// limit, that limit (nil for a range such as pH, which has no "just under").
    public struct JudgedValue: Sendable, Hashable {
        public var start: Date
        public var value: Double
        public var maximumLimit: Double?

        public init(start: Date, value: Double, maximumLimit: Double?) {
            self.start = start
            self.value = value
            self.maximumLimit = maximumLimit
        }
    }

    /// Per China-time month: of the valid judged hours under an upper limit, the share within
    /// `clusterBand` below the limit (value in [limit × (1 − band), limit]) is at least
    /// `clusterMinimumShare`, over at least `clusterMinimumHours` valid hours. Each hour is
    /// compared with its own limit.
    public func clusteringUnderLimit(outletId: String, factor: String, judged: [JudgedPeriod]) -> [FalsificationSuspicion] {
        clusteringUnderLimit(outletId: outletId, factor: factor, hours: judged.compactMap { period in
            guard period.outcome == .withinLimit || period.outcome == .exceeded, let value = period.value else { return nil }
            if case .maximum(let limit)? = period.limit?.limit { return JudgedValue(start: period.start, value: value, maximumLimit: limit) }
            return JudgedValue(start: period.start, value: value, maximumLimit: nil)
        })
    }

    /// The same from stored hours: `hours` are the hours judged within or over their limit.
    public func clusteringUnderLimit(outletId: String, factor: String, hours: [JudgedValue]) -> [FalsificationSuspicion] {
        let band = rules.suspicion.clusterBand
        let byMonth = Dictionary(grouping: hours) { hour -> Int in
            let date = CivilDate(chinaTimeOf: hour.start)
            return date.year * 12 + date.month
        }
        return byMonth.keys.sorted().compactMap { key in
            let periods = byMonth[key]!
            let inBand = periods.filter { hour in
                guard let limit = hour.maximumLimit else { return false }
                return hour.value >= limit * (1 - band) && hour.value <= limit
            }.count
            let share = Double(inBand) / Double(periods.count)
            guard periods.count >= rules.suspicion.clusterMinimumHours, share >= rules.suspicion.clusterMinimumShare else { return nil }
            let month = CivilDate(chinaTimeOf: periods[0].start)
            return suspicion(.clusteringUnderLimit, outletId: outletId, factor: factor,
                             start: JudgmentClock.date(JudgmentClock.monthStart(of: month)),
                             end: JudgmentClock.date(JudgmentClock.nextMonthStart(of: month)),
                             evidence: .init(hours: periods.count, hoursInBand: inBand, shareInBand: share, band: band))
        }
    }

    /// Runs of hours where the device's converted mean (ZsAvg) differs from the one recomputed
    /// from the raw mean and O2 by more than `convertedRelativeTolerance`, at least
    /// `convertedMinimumHours` long. `deviceConverted` is aligned with `judged`.
    public func convertedMismatch(outletId: String, factor: String, judged: [JudgedPeriod],
                                  deviceConverted: [Double?]) throws(JudgmentInputError) -> [FalsificationSuspicion] {
        guard deviceConverted.count == judged.count else {
            throw JudgmentInputError(.gridMismatch, "设备折算值须与已判定的小时逐一对应（\(deviceConverted.count) 对 \(judged.count)）")
        }
        let tolerance = rules.suspicion.convertedRelativeTolerance
        let mismatched = judged.indices.map { index in
            guard judged[index].valueSource == .recomputedFromO2, let recomputed = judged[index].value,
                  let device = deviceConverted[index] else { return false }
            return abs(device - recomputed) > tolerance * abs(recomputed)
        }
        return runs(mismatched, in: judged).filter { $0.count >= rules.suspicion.convertedMinimumHours }.map { run in
            let hourly = run.map {
                FalsificationSuspicion.HourEvidence(start: judged[$0].start, value: deviceConverted[$0]!, reference: judged[$0].value)
            }
            return suspicion(.convertedMismatch, outletId: outletId, factor: factor, start: judged[run.lowerBound].start,
                             end: judged[run.upperBound - 1].end, evidence: .init(hours: run.count, hourly: hourly))
        }
    }

    private func suspicion(_ kind: FalsificationSuspicion.Kind, outletId: String, factor: String, start: Date, end: Date,
                           evidence: FalsificationSuspicion.Evidence) -> FalsificationSuspicion {
        FalsificationSuspicion(id: JudgmentId.suspicion(kind: kind.rawValue, subject: outletId, factor: factor, start: start), kind: kind,
                               outletId: outletId, factor: factor, start: start, end: end, evidence: evidence, rulesVersion: rules.version)
    }

    /// Runs of true flags over consecutive periods (a hole in time ends a run).
    private func runs<Period>(_ flags: [Bool], in periods: [Period]) -> [Range<Int>] where Period: TimedPeriod {
        var result: [Range<Int>] = []
        var start: Int?
        for index in flags.indices {
            let continues = start != nil && flags[index] && periods[index - 1].end == periods[index].start
            if continues { continue }
            if let first = start { result.append(first..<index) }
            start = flags[index] ? index : nil
        }
        if let first = start { result.append(first..<flags.count) }
        return result
    }
}

/// Anything with a start and an end, for run detection over hours.
protocol TimedPeriod {
    var start: Date { get }
    var end: Date { get }
}

extension PeriodMean: TimedPeriod {}
extension JudgedPeriod: TimedPeriod {}
