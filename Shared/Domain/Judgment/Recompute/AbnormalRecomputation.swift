public import Foundation

/// Recomputes the abnormal operation of the monitoring equipment (judgment.md §4) at one
/// monitoring point over a window, from its stored minute (else hourly) values and the marks in
/// force: gaps while the source operates, joined over the point's factors, with the quarterly
/// fault-gap exemption (`QuarterlyGapExemption`); unchanged values, over range, long or frequent
/// D/M/C runs, undefined flags and equipment states (i12001 of the factor's `PolId`, as
/// `EquipmentStatusTimeline` holds them) contradicting flags or marks per factor
/// (`AbnormalOperationDetector`). Pure, like
/// `ExceedanceRecomputation`: the same rows, marks and rules give equal results. The exemption it
/// gives is the point's own view; the number of each gap in the quarter and the exemption the
/// service publishes are the outlet's, decided by `OutletGapSequence.settle` over every point.
public struct AbnormalRecomputation: Sendable {
    /// How far before the affected span the detection looks: a run (a gap, unchanged values)
    /// must be seen from its start to keep its id.
    public static let lookback: TimeInterval = 86_400

    public struct Result: Sendable, Equatable {
        /// Findings by start, kind and id; `status` is `opened` while the run reaches the end of
        /// the judged data, else `closed`; `version` is 0.
        public var judgments: [AbnormalOperationJudgment]
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
    /// to the start of every published finding (not withdrawn) that overlaps it, so a run is
    /// always seen whole, floored to a China-time day so a day's flag runs are counted whole.
    public static func window(affected: TimeSpan, published: [AbnormalOperationJudgment]) -> TimeSpan {
        let start = AbnormalOperationJudgment.reachBack(affected.start.addingTimeInterval(-lookback), over: published)
        let day = JudgmentClock.chinaDayStart(JudgmentClock.chinaDayIndex(JudgmentClock.seconds(start)))
        return TimeSpan(start: JudgmentClock.date(day), end: affected.end) ?? affected
    }

    /// - Parameters:
    ///   - window: from `window(affected:published:)`; only periods before `judgedThrough` (hour
    ///     floor) are examined. Each factor's series starts at its first value in the window, so
    ///     the time before a point's first upload is not a gap.
    ///   - rangeHighs: the analysers' upper range per factor (over range at its end share).
    ///   - exemptionsUsedBefore: fault-gap exemptions already used per quarter by the outlet's
    ///     findings starting before the window.
    ///   - statusReports: the point's equipment-state reports (`i12001`): per `PolId` the last
    ///     one before the window and every one in it; a factor's state series comes from the
    ///     reports whose `PolId` is the factor.
    public func recompute(subject: RecomputeSubject, window: TimeSpan, judgedThrough: Date, values: [StoredValue], marks: [MarkRecord],
                          rangeHighs: [String: Double] = [:], exemptionsUsedBefore: [Quarter: Int] = [:],
                          statusReports: [SiteReport] = []) throws(JudgmentInputError) -> Result {
        let end = ExceedanceRecomputation.hourFloor(min(window.end, judgedThrough))
        guard end > window.start else { return Result(judgments: [], inputsHashes: [:]) }
        let span = TimeSpan(start: window.start, end: end)!
        var minuteRows: [String: [StoredValue]] = [:]
        var hourRows: [String: [StoredValue]] = [:]
        // Equipment state and parameters (i…) are not measured series.
        for row in values where span.contains(row.dataTime) && !row.factor.hasPrefix("i") {
            switch row.level {
            case .minute: minuteRows[row.factor, default: []].append(row)
            case .hour: hourRows[row.factor, default: []].append(row)
            case .day, .realTime: break
            }
        }
        let detector = AbnormalOperationDetector(rules: rules)
        let validity = SampleValidity(flagEffects: flagEffects)
        var gaps: [DataGap] = []
        var findings: [AbnormalFinding] = []
        var examined: [String: [StoredValue]] = [:]
        for factor in Set(minuteRows.keys).union(hourRows.keys).sorted() {
            let rows = (minuteRows[factor] ?? hourRows[factor] ?? []).sorted { $0.dataTime < $1.dataTime }
            guard let first = rows.first else { continue }
            let interval = first.level == .minute ? ExceedanceRecomputation.minuteInterval(rows) : 3600
            let firstSlot = JudgmentClock.seconds(first.dataTime) / Int64(interval) * Int64(interval)
            let slots = Int((JudgmentClock.seconds(end) - firstSlot) / Int64(interval))
            guard slots > 0 else { continue }
            var series = try SampleSeries(start: JudgmentClock.date(firstSlot), intervalSeconds: interval, count: slots)
            for row in rows { try ExceedanceRecomputation.record(row, in: &series) }
            let coverage = Self.coverage(marks, subject: subject, factor: factor, start: series.start, end: end)
            let timeline = EquipmentStatusTimeline(reports: statusReports, polId: factor, holdMinutes: rules.equipment.statusHoldMinutes)
            let status = timeline.periods.isEmpty ? nil : try timeline.series(on: series)
            let report = try detector.detect(validity.resolve(series, marks: coverage), outletId: subject.outletId, factor: factor,
                                             rangeHigh: rangeHighs[factor], equipmentStatus: status, statusCode: EquipmentStatusTimeline.code)
            gaps += report.gaps
            findings += report.findings
            examined[factor] = rows
        }
        findings += QuarterlyGapExemption.findings(outletId: subject.outletId, gaps: gaps, exemptionsUsedBefore: exemptionsUsedBefore,
                                                   rules: rules)
        var judgments: [AbnormalOperationJudgment] = []
        var hashes: [String: String] = [:]
        for finding in findings.sorted(by: AbnormalFinding.ordered) {
            let rows = finding.factors.flatMap { examined[$0] ?? [] }.filter { $0.dataTime >= finding.start && $0.dataTime < finding.end }
            let judgment = payload(finding, subject: subject, rows: rows, examined: examined)
            judgments.append(judgment)
            let reports = finding.kind == .statusContradiction ? reports(behind: finding, among: statusReports) : []
            hashes[judgment.id] = Self.fingerprint(judgment, rows: rows, marks: marks, reports: reports)
        }
        return Result(judgments: judgments, inputsHashes: hashes)
    }

    /// The id of a finding at a point: the detector's id (kind, outlet, factor, start) and the MN,
    /// so two points of one outlet never share one.
    public static func id(of finding: AbnormalFinding, mn: String) -> String { "\(finding.id)@\(mn)" }

    func payload(_ finding: AbnormalFinding, subject: RecomputeSubject, rows: [StoredValue],
                 examined: [String: [StoredValue]]) -> AbnormalOperationJudgment {
        let level = finding.factors.lazy.compactMap { examined[$0]?.first?.level }.first ?? .minute
        let interval = finding.factors.lazy.compactMap { examined[$0].map { rows in
            rows.first?.level == .minute ? ExceedanceRecomputation.minuteInterval(rows) : 3600 } }.first ?? 60
        let last = rows.max { ($0.dataTime, $0.factor) < ($1.dataTime, $1.factor) }
        let evidence = finding.evidence
        return AbnormalOperationJudgment(
            id: Self.id(of: finding, mn: subject.mn), version: 0, status: finding.isOpen ? .opened : .closed, kind: finding.kind.rawValue,
            kindName: finding.kind.nameZh, enterpriseId: subject.enterpriseId, enterpriseName: subject.enterpriseName,
            outletId: subject.outletId, outletName: subject.outletName, mn: subject.mn, factors: finding.factors.sorted(),
            periodStart: finding.start, periodEnd: finding.end, ongoing: finding.isOpen,
            evidence: .init(minutes: evidence.minutes, flag: evidence.flag, runs: evidence.runs, value: evidence.value,
                            rangeHigh: evidence.rangeHigh, statusCode: evidence.statusCode, statusValue: evidence.statusValue,
                            flagsSeen: evidence.flagsSeen, gapCause: evidence.gapCause?.rawValue, markIds: evidence.markIds),
            exemption: .init(used: finding.isExempted, quarter: evidence.exemptionQuarter), rulesVersion: finding.rulesVersion,
            inputs: .init(cn: level.cn, intervalSeconds: interval, valuesInPeriod: rows.count, lastFrameId: last?.frameId),
            countyCode: subject.countyCode, cityCode: subject.cityCode)
    }

    /// The active marks of the point (or its whole outlet) on `factor` overlapping the span.
    static func coverage(_ marks: [MarkRecord], subject: RecomputeSubject, factor: String, start: Date, end: Date) -> [MarkCoverage] {
        marks.compactMap { mark -> MarkCoverage? in
            guard mark.status == .active, mark.outletId == subject.outletId, mark.mn == nil || mark.mn == subject.mn,
                  mark.factors.isEmpty || mark.factors.contains(factor), mark.start < end, start < mark.end else { return nil }
            return MarkCoverage(markId: mark.id, typeId: mark.typeId, effect: mark.effect, start: mark.start, end: mark.end)
        }.sorted()
    }

    /// The state reports of the finding's factors that may hold inside it: reported before its
    /// end, within the hold before its start.
    func reports(behind finding: AbnormalFinding, among reports: [SiteReport]) -> [SiteReport] {
        let hold = TimeInterval(rules.equipment.statusHoldMinutes * 60)
        return reports.filter { report in
            report.code == EquipmentStatusTimeline.code && finding.factors.contains(report.polId) && report.dataTime < finding.end
                && report.dataTime.addingTimeInterval(hold) > finding.start
        }
    }

    /// FNV-1a (64 bit) over the rules version, the rows inside the finding, the marks
    /// overlapping it and the equipment-state reports behind it: a change detector for audits,
    /// not a security hash.
    static func fingerprint(_ judgment: AbnormalOperationJudgment, rows: [StoredValue], marks: [MarkRecord],
                            reports: [SiteReport] = []) -> String {
        var text = "rules=\(judgment.rulesVersion);kind=\(judgment.kind)"
        for row in rows.sorted(by: { ($0.factor, $0.level.rawValue, $0.dataTime) < ($1.factor, $1.level.rawValue, $1.dataTime) }) {
            text += ";\(row.factor)/\(row.level.cn)/\(Int64(row.dataTime.timeIntervalSince1970))=\(row.value.map { "\($0)" } ?? "-")/\(row.flag ?? "-")"
        }
        for mark in marks.sorted(by: { $0.id < $1.id }) where mark.start < judgment.periodEnd && judgment.periodStart < mark.end {
            text += ";mark=\(mark.id)/\(mark.version)/\(mark.status.rawValue)"
        }
        for report in reports.sorted(by: { ($0.polId, $0.dataTime, $0.frameId) < ($1.polId, $1.dataTime, $1.frameId) }) {
            text += ";\(report.code)/\(report.polId)/\(Int64(report.dataTime.timeIntervalSince1970))=\(report.value)"
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
