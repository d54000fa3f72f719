public import Foundation

/// Recomputes the signs of falsification seen at one monitoring point over a window from its
/// stored values and the marks in force (judgment.md §5). Today the outlet-wide sign: O2 at or
/// above the rules' near-21 % threshold for hours while the source operates
/// (`FalsificationDetector.oxygenNear21`). The source counts as stopped in an hour whose flow
/// (a00000 / w00000) was measured valid at zero or below; the flow of each hour is shown beside
/// the O2 as evidence of operation. Pure, like `AbnormalRecomputation`: the same rows, marks and
/// rules give equal results.
public struct SuspicionRecomputation: Sendable {
    /// How far before the affected span detection looks: a run must be seen from its start to
    /// keep its id.
    public static let lookback: TimeInterval = 86_400

    public struct Result: Sendable, Equatable {
        /// Suspicions by start, kind and id; `status` is `opened` while the run reaches the end of
        /// the judged data, else `closed`; `version` is 0.
        public var judgments: [FalsificationSuspicionJudgment]
        /// Per judgment id, a fingerprint of the rows, marks and rules version behind it.
        public var inputsHashes: [String: String]
    }

    public let rules: JudgmentRules
    public let flagEffects: FlagEffects

    public init(rules: JudgmentRules, flagEffects: FlagEffects) {
        self.rules = rules
        self.flagEffects = flagEffects
    }

    /// The window to examine for a change in `affected`: from `lookback` before it, earlier still
    /// to the start of every published suspicion (not withdrawn) overlapping it, floored to an hour.
    public static func window(affected: TimeSpan, published: [FalsificationSuspicionJudgment]) -> TimeSpan {
        let start = FalsificationSuspicionJudgment.reachBack(affected.start.addingTimeInterval(-lookback), over: published)
        return TimeSpan(start: ExceedanceRecomputation.hourFloor(start), end: affected.end) ?? affected
    }

    /// Only hours before `judgedThrough` (hour floor) are examined.
    public func recompute(subject: RecomputeSubject, window: TimeSpan, judgedThrough: Date, values: [StoredValue],
                          marks: [MarkRecord]) throws(JudgmentInputError) -> Result {
        let start = ExceedanceRecomputation.hourFloor(window.start)
        let end = ExceedanceRecomputation.hourFloor(min(window.end, judgedThrough))
        guard end > start, let span = TimeSpan(start: start, end: end) else { return Result(judgments: [], inputsHashes: [:]) }
        let oxygenFactor = ExceedanceRecomputation.oxygenFactor
        let inside = values.filter { span.contains($0.dataTime) }
        guard let oxygen = try hours(of: oxygenFactor, rows: inside, subject: subject, span: span, marks: marks) else {
            return Result(judgments: [], inputsHashes: [:])
        }
        var flowFactor: String?
        var flow: [PeriodMean]?
        for factor in ExceedanceRecomputation.flowFactors.sorted() where flow == nil {
            flow = try hours(of: factor, rows: inside, subject: subject, span: span, marks: marks)?.hours
            if flow != nil { flowFactor = factor }
        }
        let stopped = (flow ?? []).compactMap { hour -> TimeSpan? in
            guard let value = hour.validValue, value <= 0 else { return nil }
            return TimeSpan(start: hour.start, end: hour.end)
        }
        let detector = FalsificationDetector(rules: rules)
        let suspicions = detector.oxygenNear21(outletId: subject.outletId, oxygen: oxygen.hours, load: flow, stopped: stopped)
        var judgments: [FalsificationSuspicionJudgment] = []
        var hashes: [String: String] = [:]
        for suspicion in suspicions {
            let rows = oxygen.rows.filter { $0.dataTime >= suspicion.start && $0.dataTime < suspicion.end }
            let references = flowFactor.map { factor in
                inside.filter { $0.factor == factor && $0.dataTime >= suspicion.start && $0.dataTime < suspicion.end }
            } ?? []
            let judgment = payload(suspicion, subject: subject, rows: rows, level: oxygen.level, referenceFactor: flowFactor,
                                   ongoing: suspicion.end >= end)
            judgments.append(judgment)
            hashes[judgment.id] = Self.fingerprint(judgment, rows: rows + references, marks: marks)
        }
        judgments.sort { ($0.periodStart, $0.kind, $0.id) < ($1.periodStart, $1.kind, $1.id) }
        return Result(judgments: judgments, inputsHashes: hashes)
    }

    /// The id of a suspicion at a point: the detector's id and the MN.
    public static func id(of suspicion: FalsificationSuspicion, mn: String) -> String { "\(suspicion.id)@\(mn)" }

    /// The hours of one factor from its minutes (else the device's hours), marks applied.
    private func hours(of factor: String, rows: [StoredValue], subject: RecomputeSubject, span: TimeSpan,
                       marks: [MarkRecord]) throws(JudgmentInputError) -> (hours: [PeriodMean], rows: [StoredValue], level: StoredValue.Level)? {
        let minutes = rows.filter { $0.factor == factor && $0.level == .minute }.sorted { $0.dataTime < $1.dataTime }
        let deviceHours = rows.filter { $0.factor == factor && $0.level == .hour }.sorted { $0.dataTime < $1.dataTime }
        guard !minutes.isEmpty || !deviceHours.isEmpty else { return nil }
        let hourCount = Int(span.end.timeIntervalSince(span.start) / 3600)
        let coverage = AbnormalRecomputation.coverage(marks, subject: subject, factor: factor, start: span.start, end: span.end)
        let validity = SampleValidity(flagEffects: flagEffects)
        let aggregator = PeriodAggregator(rules: rules)
        var hourSeries = try SampleSeries(start: span.start, intervalSeconds: 3600, count: hourCount)
        for row in deviceHours { try ExceedanceRecomputation.record(row, in: &hourSeries) }
        guard !minutes.isEmpty else {
            return (try aggregator.hourly(deviceHours: validity.resolve(hourSeries, marks: coverage)), deviceHours, .hour)
        }
        let interval = ExceedanceRecomputation.minuteInterval(minutes)
        var minuteSeries = try SampleSeries(start: span.start, intervalSeconds: interval, count: hourCount * 3600 / interval)
        for row in minutes { try ExceedanceRecomputation.record(row, in: &minuteSeries) }
        let hours = try aggregator.hourly(validity.resolve(minuteSeries, marks: coverage),
                                          deviceHours: deviceHours.isEmpty ? nil : validity.resolve(hourSeries, marks: coverage))
        return (hours, minutes, .minute)
    }

    func payload(_ suspicion: FalsificationSuspicion, subject: RecomputeSubject, rows: [StoredValue], level: StoredValue.Level,
                 referenceFactor: String?, ongoing: Bool) -> FalsificationSuspicionJudgment {
        let evidence = suspicion.evidence
        let last = rows.max { $0.dataTime < $1.dataTime }
        return FalsificationSuspicionJudgment(
            id: Self.id(of: suspicion, mn: subject.mn), version: 0, status: ongoing ? .opened : .closed, kind: suspicion.kind.rawValue,
            kindName: suspicion.kind.nameZh, enterpriseId: subject.enterpriseId, enterpriseName: subject.enterpriseName,
            outletId: subject.outletId, outletName: subject.outletName, mn: subject.mn, factor: suspicion.factor,
            periodStart: suspicion.start, periodEnd: suspicion.end, ongoing: ongoing,
            evidence: .init(hours: evidence.hours, hourly: evidence.hourly.map { .init(start: $0.start, value: $0.value, reference: $0.reference) },
                            referenceFactor: referenceFactor, variation: evidence.variation,
                            loadMinimum: evidence.loadMinimum, loadMaximum: evidence.loadMaximum, loadSwing: evidence.loadSwing,
                            hoursInBand: evidence.hoursInBand, shareInBand: evidence.shareInBand, band: evidence.band),
            rulesVersion: suspicion.rulesVersion, inputs: .init(cn: level.cn, valuesInPeriod: rows.count, lastFrameId: last?.frameId),
            countyCode: subject.countyCode, cityCode: subject.cityCode)
    }

    /// FNV-1a (64 bit) over the rules version, the rows inside the suspicion and the marks
    /// overlapping it: a change detector for audits, not a security hash.
    static func fingerprint(_ judgment: FalsificationSuspicionJudgment, rows: [StoredValue], marks: [MarkRecord]) -> String {
        var text = "rules=\(judgment.rulesVersion);kind=\(judgment.kind)"
        for row in rows.sorted(by: { ($0.factor, $0.level.rawValue, $0.dataTime) < ($1.factor, $1.level.rawValue, $1.dataTime) }) {
            text += ";\(row.factor)/\(row.level.cn)/\(Int64(row.dataTime.timeIntervalSince1970))=\(row.value.map { "\($0)" } ?? "-")/\(row.flag ?? "-")"
        }
        for mark in marks.sorted(by: { $0.id < $1.id }) where mark.start < judgment.periodEnd && judgment.periodStart < mark.end {
            text += ";mark=\(mark.id)/\(mark.version)/\(mark.status.rawValue)"
        }
        return fnv1a64(text)
    }

    /// `fnv1a64:` and the 16 hex digits of FNV-1a (64 bit) over `text`'s UTF-8 bytes.
    static func fnv1a64(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
