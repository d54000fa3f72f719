public import Foundation

/// Recomputes the stored layers of one monitoring point over whole China-time days: for every
/// factor with minutes or device hours, the hourly and daily means (raw, marked and exempted
/// layers, flow-weighted where flow is measured, the device's means beside them), each period as
/// judged where the factor has a limit (converted value, limit, outcome), the day's data-quality
/// figures per factor and for the point (`*`), and the suspicions of those days: converted
/// mismatch (the device's ZsAvg not following from the raw mean and O2) and, per whole day, a flat
/// concentration while the load (the first of the rules' `loadFactors` the point sends) swings. Months are formed from the stored days
/// (`months`), clustering under the limit from the stored hours of a complete month. Pure: the
/// service and `duban-ctl` call it with the same rows and get equal results.
public struct LevelRecomputation: Sendable {
    public struct Result: Sendable, Equatable {
        /// Hours then days, each by factor then start.
        public var hours: [LevelMean]
        public var days: [LevelMean]
        /// Per China-time day: each factor's figure, then the point's (`*`).
        public var quality: [DataQualityFigure]
        /// Converted-mismatch suspicions, by start and id; `version` 0.
        public var suspicions: [FalsificationSuspicionJudgment]
        public var inputsHashes: [String: String]
    }

    /// The suspicion kinds this recomputation decides (the others have their own windows).
    public static let suspicionKinds: Set<String> = [FalsificationSuspicion.Kind.convertedMismatch.rawValue,
                                                     FalsificationSuspicion.Kind.flatWhileLoadSwings.rawValue]

    public let rules: JudgmentRules
    public let flagEffects: FlagEffects

    public init(rules: JudgmentRules, flagEffects: FlagEffects) {
        self.rules = rules
        self.flagEffects = flagEffects
    }

    /// Whole China-time days around `affected`, from the start of every published
    /// converted-mismatch suspicion (not withdrawn) overlapping it, so a run keeps its id.
    public static func window(affected: TimeSpan, published: [FalsificationSuspicionJudgment]) -> TimeSpan {
        let start = FalsificationSuspicionJudgment.reachBack(affected.start, over: published.filter { suspicionKinds.contains($0.kind) })
        let first = JudgmentClock.chinaDayStart(JudgmentClock.chinaDayIndex(JudgmentClock.seconds(start)))
        let last = JudgmentClock.chinaDayStart(JudgmentClock.chinaDayIndex(JudgmentClock.seconds(affected.end) - 1) + 1)
        return TimeSpan(start: JudgmentClock.date(first), end: JudgmentClock.date(last)) ?? affected
    }

    /// The China-time months from the one holding `window`'s start to the one holding the last
    /// judged instant inside it; nil when nothing in `window` is judged yet.
    public static func months(around window: TimeSpan, judgedThrough: Date) -> TimeSpan? {
        let last = min(window.end, ExceedanceRecomputation.hourFloor(judgedThrough))
        guard last > window.start else { return nil }
        let first = CivilDate(chinaTimeOf: window.start), final = CivilDate(chinaTimeOf: last.addingTimeInterval(-1))
        return TimeSpan(start: JudgmentClock.date(JudgmentClock.monthStart(of: first)),
                        end: JudgmentClock.date(JudgmentClock.nextMonthStart(of: final)))
    }

    /// Only hours before `judgedThrough` (hour floor) are formed; a day reaching past it is
    /// incomplete. `limits` holds the schedule of every factor judged (its basis is the subject's).
    public func recompute(subject: RecomputeSubject, window: TimeSpan, judgedThrough: Date, values: [StoredValue], marks: [MarkRecord],
                          limits: [String: LimitSchedule]) throws(JudgmentInputError) -> Result {
        let start = ExceedanceRecomputation.hourFloor(window.start)
        let end = ExceedanceRecomputation.hourFloor(min(window.end, judgedThrough))
        guard end > start else { return Result(hours: [], days: [], quality: [], suspicions: [], inputsHashes: [:]) }
        let rows = PointRows(values: values, start: start, end: end)
        let judge = FactorJudge(rules: rules, flagEffects: flagEffects)
        let oxygen = try rows.data(ExceedanceRecomputation.oxygenFactor, subject: subject, marks: marks)
        var flow: FactorJudge.FactorData?
        for factor in ExceedanceRecomputation.flowFactors.sorted() where flow == nil {
            flow = try rows.data(factor, subject: subject, marks: marks)
        }
        // The source's load: the first of the rules' load parameters the point sends.
        let loadFactor = rules.suspicion.loadFactors.first { rows.factors.contains($0) }
        let load = try loadFactor.flatMap { factor throws(JudgmentInputError) in try rows.data(factor, subject: subject, marks: marks) }
        var result = Result(hours: [], days: [], quality: [], suspicions: [], inputsHashes: [:])
        var qualityByDay: [Date: [DataQualityFigure]] = [:]
        for factor in rows.factors {
            guard let data = try rows.data(factor, subject: subject, marks: marks) else { continue }
            let isFlow = ExceedanceRecomputation.flowFactors.contains(factor)
            let isOxygen = factor == ExceedanceRecomputation.oxygenFactor
            let schedule = isFlow || isOxygen ? nil : limits[factor]
            let judged = try judge.judge(FactorJudge.Input(
                outletId: subject.outletId, pointId: subject.pointId, medium: subject.medium, pollutant: data, flow: isFlow ? nil : flow,
                oxygen: isOxygen ? nil : oxygen, load: schedule == nil ? nil : load, hourLimits: schedule?.basis == .hour ? schedule : nil,
                dayLimits: schedule?.basis == .day ? schedule : nil, deviceConverted: rows.deviceConverted(factor)))
            let judgedHours = Dictionary(judged.judgedHours.map { ($0.start, $0) }, uniquingKeysWith: { a, _ in a })
            let judgedDays = Dictionary(judged.judgedDays.map { ($0.start, $0) }, uniquingKeysWith: { a, _ in a })
            for hour in judged.hours {
                result.hours.append(LevelMean(factor: factor, mean: hour, judged: judgedHours[hour.start], complete: true))
            }
            for day in judged.days {
                result.days.append(LevelMean(factor: factor, mean: day, judged: judgedDays[day.start], complete: day.end <= end))
            }
            for figure in judged.qualityDays { qualityByDay[figure.start, default: []].append(figure) }
            let factorRows = rows.sortedRows(factor)
            let oxygenRows = rows.sortedRows(ExceedanceRecomputation.oxygenFactor)
            let loadRows = loadFactor.map { rows.sortedRows($0) } ?? []
            let recomputation = SuspicionRecomputation(rules: rules, flagEffects: flagEffects)
            for suspicion in judged.suspicions {
                let reference: (factor: String?, rows: [StoredValue], level: StoredValue.Level)
                switch suspicion.kind {
                // The device's converted value is its hourly ZsAvg (CN 2061).
                case .convertedMismatch: reference = (nil, oxygenRows, .hour)
                // A day is a pattern once it is whole: no verdict on a day still running.
                case .flatWhileLoadSwings where suspicion.end <= end:
                    reference = (loadFactor, loadRows, data.minutes == nil ? .hour : .minute)
                default: continue
                }
                let inside = Array(ExceedanceRecomputation.rows(factorRows, from: suspicion.start, to: suspicion.end))
                let judgment = recomputation.payload(suspicion, subject: subject, rows: inside, level: reference.level,
                                                     referenceFactor: reference.factor,
                                                     ongoing: suspicion.kind == .convertedMismatch && suspicion.end >= end)
                result.suspicions.append(judgment)
                result.inputsHashes[judgment.id] = SuspicionRecomputation.fingerprint(
                    judgment, rows: inside + ExceedanceRecomputation.rows(reference.rows, from: suspicion.start, to: suspicion.end), marks: marks)
            }
        }
        for day in qualityByDay.keys.sorted() {
            let figures = qualityByDay[day]!.sorted { $0.factor < $1.factor }
            result.quality += figures
            if let point = DataQuality.combined(figures) { result.quality.append(point) }
        }
        result.suspicions.sort { ($0.periodStart, $0.id) < ($1.periodStart, $1.id) }
        return result
    }

    /// The China-time months of one factor from its stored days (any order, gaps allowed: a
    /// missing day is not a valid day), flow-weighted by the flow factor's stored days where
    /// given. A month reaching past `judgedThrough` is incomplete.
    public func months(factor: String, days: [PeriodMean], flowDays: [PeriodMean]?, judgedThrough: Date) throws(JudgmentInputError) -> [LevelMean] {
        let sorted = days.sorted { $0.start < $1.start }
        let flow = flowDays.map { Self.align($0, to: sorted) }
        return try PeriodAggregator(rules: rules).monthly(sorted, flow: flow).map { month in
            LevelMean(factor: factor, mean: month, judged: nil, complete: month.end <= ExceedanceRecomputation.hourFloor(judgedThrough))
        }
    }

    /// Clustering under the limit for one factor over whole China-time months of stored judged
    /// hours (`FalsificationDetector.clusteringUnderLimit`): a pattern over a month, so only a
    /// month that ended before `judgedThrough` is judged; `hours` outside such months are ignored.
    /// The inputs hash covers every judged hour of the month (value and limit).
    public func clustering(subject: RecomputeSubject, factor: String, hours: [FalsificationDetector.JudgedValue],
                           judgedThrough: Date) -> (judgments: [FalsificationSuspicionJudgment], inputsHashes: [String: String]) {
        let end = ExceedanceRecomputation.hourFloor(judgedThrough)
        let complete = hours.filter { hour in
            JudgmentClock.date(JudgmentClock.nextMonthStart(of: CivilDate(chinaTimeOf: hour.start))) <= end
        }
        let recomputation = SuspicionRecomputation(rules: rules, flagEffects: flagEffects)
        var judgments: [FalsificationSuspicionJudgment] = []
        var hashes: [String: String] = [:]
        for suspicion in FalsificationDetector(rules: rules).clusteringUnderLimit(outletId: subject.outletId, factor: factor, hours: complete) {
            let inside = complete.filter { $0.start >= suspicion.start && $0.start < suspicion.end }.sorted { $0.start < $1.start }
            var judgment = recomputation.payload(suspicion, subject: subject, rows: [], level: .hour, referenceFactor: nil, ongoing: false)
            judgment.inputs.valuesInPeriod = inside.count
            var text = "rules=\(rules.version);kind=\(judgment.kind);factor=\(factor)"
            for hour in inside {
                text += ";\(Int64(hour.start.timeIntervalSince1970))=\(hour.value)/\(hour.maximumLimit.map { "\($0)" } ?? "-")"
            }
            judgments.append(judgment)
            hashes[judgment.id] = SuspicionRecomputation.fnv1a64(text)
        }
        return (judgments, hashes)
    }

    /// The month's data-quality figure of one factor (or `*`) from its stored day figures.
    public static func monthQuality(_ days: [DataQualityFigure]) -> [DataQualityFigure] {
        var months: [DataQualityFigure] = []
        for day in days.sorted(by: { ($0.factor, $0.start) < ($1.factor, $1.start) }) {
            let date = CivilDate(chinaTimeOf: day.start)
            let start = JudgmentClock.date(JudgmentClock.monthStart(of: date))
            if let last = months.last, last.start == start, last.factor == day.factor {
                months[months.count - 1].expected += day.expected
                months[months.count - 1].received += day.received
                months[months.count - 1].valid += day.valid
            } else {
                months.append(DataQualityFigure(subject: day.subject, factor: day.factor, period: .month, start: start,
                                                end: JudgmentClock.date(JudgmentClock.nextMonthStart(of: date)), expected: day.expected,
                                                received: day.received, valid: day.valid, rulesVersion: day.rulesVersion))
            }
        }
        return months
    }

    /// `flow` re-laid on the starts of `reference`; a day it lacks is an empty, invalid day.
    static func align(_ flow: [PeriodMean], to reference: [PeriodMean]) -> [PeriodMean] {
        let byStart = Dictionary(flow.map { ($0.start, $0) }, uniquingKeysWith: { a, _ in a })
        return reference.map { day in
            byStart[day.start] ?? PeriodMean(
                level: day.level, start: day.start, end: day.end, source: .recomputed, value: nil, validCount: 0,
                requiredCount: day.requiredCount, expectedCount: day.expectedCount, rawValue: nil, rawValidCount: 0, exemptValidCount: 0,
                weighting: .arithmetic, minutes: PeriodMean.StatusMinutes(), deviceMean: nil, deviceMeanMismatch: false)
        }
    }
}
