public import Foundation
internal import HJ212

/// Recomputes the exceedance episodes of one monitoring point over a window from its stored
/// values and the marks in force: minutes → hours (≥ 45 valid, else the device's hour, a mismatch
/// flagged by the rules), marks applied per their `ValidityEffect`, O2 conversion, the limit in
/// force each hour, consecutive exceeding hours as one episode. Pure: the Judgment service and
/// `duban-ctl judge` load the rows and call this, so both give the same payloads for the same
/// rows, rules and catalogue.
public struct ExceedanceRecomputation: Sendable {
    public static let oxygenFactor = "a19001"
    public static let flowFactors: Set<String> = ["a00000", "w00000"]

    /// What one recomputation concluded, in the form published on `duban.judgments` (version and
    /// status still to be reconciled with what was published: `JudgmentPublication`).
    public struct Result: Sendable, Equatable {
        /// Episodes by factor then start; `status` is `closed` when a judged hour followed the
        /// episode without exceeding, else `opened`; `version` is 0.
        public var judgments: [ExceedanceJudgment]
        /// Per judgment id, a fingerprint of what produced it (values, flags, marks, limit rows,
        /// rules version), stored with the judgment.
        public var inputsHashes: [String: String]
        /// The first judged period of the window exceeds: an episode may have started earlier, so
        /// the caller widens the window backwards.
        public var exceedsAtStart: Bool
        /// The last judged period exceeds and data after it was judged: widen forwards.
        public var exceedsAtEnd: Bool
        /// Hours of the judged factors whose device mean disagrees with their minutes, by factor
        /// then hour.
        public var mismatches: [DeviceMeanMismatch] = []
    }

    public let rules: JudgmentRules
    public let flagEffects: FlagEffects

    public init(rules: JudgmentRules, flagEffects: FlagEffects) {
        self.rules = rules
        self.flagEffects = flagEffects
    }

    /// `window` is hour-aligned; values outside it are ignored. Only periods starting before
    /// `judgedThrough` are judged: an hour whose data may still be arriving is not a fact yet.
    /// `limits` holds the schedule of every factor to judge (its basis is the subject's basis).
    public func recompute(subject: RecomputeSubject, window: TimeSpan, judgedThrough: Date, values: [StoredValue], marks: [MarkRecord],
                          limits: [String: LimitSchedule]) throws(JudgmentInputError) -> Result {
        let end = Self.hourFloor(min(window.end, judgedThrough))
        let start = Self.hourFloor(window.start)
        guard end > start else { return Result(judgments: [], inputsHashes: [:], exceedsAtStart: false, exceedsAtEnd: false, mismatches: []) }
        let rows = PointRows(values: values, start: start, end: end)
        let judge = FactorJudge(rules: rules, flagEffects: flagEffects)
        func data(_ factor: String) throws(JudgmentInputError) -> FactorJudge.FactorData? {
            try rows.data(factor, subject: subject, marks: marks)
        }

        let oxygen = try data(Self.oxygenFactor)
        var flow: FactorJudge.FactorData?
        for factor in Self.flowFactors.sorted() where flow == nil { flow = try data(factor) }
        var judgments: [ExceedanceJudgment] = []
        var hashes: [String: String] = [:]
        var exceedsAtStart = false
        var exceedsAtEnd = false
        var mismatches: [DeviceMeanMismatch] = []
        for factor in limits.keys.sorted() where factor != Self.oxygenFactor && !Self.flowFactors.contains(factor) {
            guard let schedule = limits[factor], let pollutant = try data(factor) else { continue }
            let result = try judge.judge(FactorJudge.Input(
                outletId: subject.outletId, pointId: subject.pointId, medium: subject.medium, pollutant: pollutant, flow: flow,
                oxygen: oxygen, hourLimits: schedule.basis == .hour ? schedule : nil, dayLimits: schedule.basis == .day ? schedule : nil,
                deviceConverted: rows.deviceConverted(factor)))
            let judged = schedule.basis == .hour ? result.judgedHours : result.judgedDays
            if judged.first?.outcome == .exceeded { exceedsAtStart = true }
            if judged.last?.outcome == .exceeded { exceedsAtEnd = true }
            for hour in result.hours where hour.deviceMeanMismatch {
                if let device = hour.deviceMean, let recomputed = hour.rawValue {
                    mismatches.append(DeviceMeanMismatch(factor: factor, hourStart: hour.start, deviceMean: device, recomputedMean: recomputed))
                }
            }
            guard !result.episodes.isEmpty else { continue }
            // Sorted once, so each episode finds its rows by binary search.
            let factorRows = rows.sortedRows(factor)
            let oxygenRows = rows.sortedRows(Self.oxygenFactor)
            for episode in result.episodes where episode.basis == schedule.basis {
                let inside = Self.rows(factorRows, from: episode.start, to: episode.end)
                let judgment = payload(episode, subject: subject, rows: inside)
                judgments.append(judgment)
                hashes[judgment.id] = Self.fingerprint(episode, rows: Array(inside) + Self.rows(oxygenRows, from: episode.start, to: episode.end),
                                                       marks: pollutant.marks)
            }
        }
        return Result(judgments: judgments, inputsHashes: hashes, exceedsAtStart: exceedsAtStart, exceedsAtEnd: exceedsAtEnd,
                      mismatches: mismatches)
    }

    /// The published form of an episode: the worst period's value, limit and inputs.
    func payload(_ episode: ExceedanceEpisode, subject: RecomputeSubject, rows: ArraySlice<StoredValue>) -> ExceedanceJudgment {
        let peak = episode.periods.first { $0.start == episode.peakStart } ?? episode.periods[0]
        let limit = peak.limit
        let peakHour = rows.first { $0.level == .hour && $0.dataTime == peak.start }
        let fromMinutes = peak.meanSource == .recomputed
        // The frame named is the one that completed the worst period's data: its device hour, or
        // its last minute.
        let frame = fromMinutes
            ? rows.filter { $0.level == .minute && $0.dataTime >= peak.start && $0.dataTime < peak.end }.max { $0.dataTime < $1.dataTime }?.frameId
            : peakHour?.frameId
        return ExceedanceJudgment(
            id: episode.id, version: 0, status: episode.isClosed ? .closed : .opened, enterpriseId: subject.enterpriseId,
            enterpriseName: subject.enterpriseName, outletId: subject.outletId, outletName: subject.outletName, mn: subject.mn,
            factor: episode.factor, factorName: CodeTables.standard.factor(episode.factor)?.name ?? episode.factor, unit: limit?.unit ?? "",
            basis: episode.basis.rawValue, periodStart: episode.start, periodEnd: episode.end, value: episode.value,
            limit: episode.limit.upper, multiple: episode.multiple ?? peak.severity,
            limitSource: .init(rowId: limit?.rowId ?? "", standard: limit?.standardCode ?? "", version: limit?.standardVersion ?? "",
                               provisional: limit?.provisional ?? false),
            inputs: .init(cn: fromMinutes ? StoredValue.Level.minute.cn : StoredValue.Level.hour.cn, frameId: frame ?? "",
                          mean: peak.measuredMean, convertedMean: peakHour?.converted, oxygenMean: peak.oxygenMean,
                          referenceO2: peak.referenceO2, flag: fromMinutes ? nil : (peakHour?.flag ?? "N"),
                          valueSource: peak.valueSource?.rawValue ?? JudgedPeriod.ValueSource.measured.rawValue),
            countyCode: subject.countyCode, cityCode: subject.cityCode)
    }

    /// The rows of `sorted` (by time) with `from <= dataTime < to`.
    static func rows(_ sorted: [StoredValue], from: Date, to: Date) -> ArraySlice<StoredValue> {
        func firstIndex(notBefore instant: Date) -> Int {
            var low = 0
            var high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if sorted[middle].dataTime < instant { low = middle + 1 } else { high = middle }
            }
            return low
        }
        return sorted[firstIndex(notBefore: from)..<firstIndex(notBefore: to)]
    }

    /// FNV-1a (64 bit) over a canonical text of the episode's periods, the stored rows inside it,
    /// the marks and limit rows used and the rules version: equal inputs, equal hash. A change
    /// detector for audits, not a security hash.
    static func fingerprint(_ episode: ExceedanceEpisode, rows: [StoredValue], marks: [MarkCoverage]) -> String {
        var text = "rules=\(episode.rulesVersion);basis=\(episode.basis.rawValue)"
        for limit in episode.limits { text += ";limit=\(limit.catalogueVersion)" }
        let inside = rows.filter { $0.dataTime >= episode.start && $0.dataTime < episode.end }
            .sorted { ($0.factor, $0.level.rawValue, $0.dataTime) < ($1.factor, $1.level.rawValue, $1.dataTime) }
        for row in inside {
            text += ";\(row.factor)/\(row.level.cn)/\(Int64(row.dataTime.timeIntervalSince1970))=\(row.value.map { "\($0)" } ?? "-")"
            text += "/\(row.converted.map { "\($0)" } ?? "-")/\(row.flag ?? "-")"
        }
        for mark in marks where mark.overlaps(start: episode.start, end: episode.end) {
            text += ";mark=\(mark.markId)/\(mark.effect.rawValue)/\(Int64(mark.start.timeIntervalSince1970))-\(Int64(mark.end.timeIntervalSince1970))"
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    static func record(_ row: StoredValue, in series: inout SampleSeries) throws(JudgmentInputError) {
        guard let index = series.index(of: row.dataTime) else { return }  // off the grid (a 10-minute grid, seconds): not a mean
        guard let value = row.value, value.isFinite else {
            try series.record(index: index, value: 0, flag: .unknown)  // received without a value: invalid
            return
        }
        try series.record(index: index, value: value, flag: DataFlag(code: row.flag))
    }

    /// 600 s when every minute value sits on a 10-minute boundary and no hour holds more than six
    /// of them (10-minute data), else 60 s.
    static func minuteInterval(_ rows: some Collection<StoredValue>) -> Int {
        guard rows.allSatisfy({ Int64($0.dataTime.timeIntervalSince1970) % 600 == 0 }) else { return 60 }
        let seconds = rows.map { Int64($0.dataTime.timeIntervalSince1970) }
        let perHour = Dictionary(grouping: seconds, by: { $0 / 3600 }).values.map(\.count).max() ?? 0
        return perHour <= 6 && seconds.count > 1 ? 600 : 60
    }

    public static func hourFloor(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
    }
}
