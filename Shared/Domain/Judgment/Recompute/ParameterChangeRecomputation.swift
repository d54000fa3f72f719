public import Foundation
internal import HJ212

/// Analyser parameters changed without a maintenance record (judgment.md §5): between two
/// consecutive reports of one of the rules' `analyserParameterCodes` for one pollutant (`PolId`),
/// the value changed and no active equipment mark (maintenance, calibration, fault…: the
/// enterprise's O&M record in Duban) on that pollutant overlaps the time between the reports.
/// The suspicion spans the two reports: the change happened somewhere in between. Pure: the same
/// reports, marks and rules give equal results.
public struct ParameterChangeRecomputation: Sendable {
    public static let kind = FalsificationSuspicion.Kind.analyserParameterChanged

    public struct Result: Sendable, Equatable {
        /// By start, then id; `closed` (a change is a moment, never ongoing); `version` 0.
        public var judgments: [FalsificationSuspicionJudgment]
        public var inputsHashes: [String: String]
        /// The id every pair of consecutive reports judged would carry: the published suspicions
        /// to reconcile with are those among them.
        public var candidateIds: Set<String>
    }

    public let rules: JudgmentRules

    public init(rules: JudgmentRules) { self.rules = rules }

    /// `reports`: the point's reports of the analyser codes from the last one before `from` (per
    /// PolId and code) on, in any order. Pairs whose newer report is at or after `from` are judged.
    public func recompute(subject: RecomputeSubject, reports: [SiteReport], from: Date, marks: [MarkRecord]) -> Result {
        let codes = Set(rules.suspicion.analyserParameterCodes)
        var series: [String: [SiteReport]] = [:]
        for report in reports where codes.contains(report.code) { series["\(report.polId)\u{1F}\(report.code)", default: []].append(report) }
        var result = Result(judgments: [], inputsHashes: [:], candidateIds: [])
        for key in series.keys.sorted() {
            let ordered = series[key]!.sorted { ($0.dataTime, $0.frameId) < ($1.dataTime, $1.frameId) }
            for (before, after) in zip(ordered, ordered.dropFirst()) where after.dataTime >= from && after.dataTime > before.dataTime {
                let id = Self.id(subject: subject, polId: after.polId, code: after.code, since: before.dataTime)
                result.candidateIds.insert(id)
                guard !after.sameValue(as: before) else { continue }
                let records = marks.filter { mark in
                    mark.status == .active && mark.family == .equipment && mark.outletId == subject.outletId
                        && (mark.mn == nil || mark.mn == subject.mn)
                        && (mark.factors.isEmpty || after.polId.isEmpty || mark.factors.contains(after.polId))
                        && mark.start < after.dataTime && before.dataTime < mark.end
                }
                guard records.isEmpty else { continue }
                let judgment = payload(id: id, subject: subject, before: before, after: after)
                result.judgments.append(judgment)
                result.inputsHashes[id] = fingerprint(before: before, after: after, marks: marks)
            }
        }
        result.judgments.sort { ($0.periodStart, $0.id) < ($1.periodStart, $1.id) }
        return result
    }

    /// `sus:analyser-parameter-changed.<code>:<outlet>:<PolId or *>:<earlier report, epoch s>@<MN>`.
    public static func id(subject: RecomputeSubject, polId: String, code: String, since: Date) -> String {
        JudgmentId.suspicion(kind: "\(kind.rawValue).\(code)", subject: subject.outletId, factor: polId.isEmpty ? "*" : polId, start: since)
            + "@\(subject.mn)"
    }

    func payload(id: String, subject: RecomputeSubject, before: SiteReport, after: SiteReport) -> FalsificationSuspicionJudgment {
        let hours = max(1, Int((after.dataTime.timeIntervalSince(before.dataTime) / 3600).rounded(.up)))
        let parameter = FalsificationSuspicionJudgment.Parameter(
            code: after.code, name: CodeTables.standard.infoCode(after.code)?.name, before: before.value, after: after.value,
            reportedBefore: before.dataTime, reportedAfter: after.dataTime, frameId: after.frameId)
        return FalsificationSuspicionJudgment(
            id: id, version: 0, status: .closed, kind: Self.kind.rawValue, kindName: Self.kind.nameZh, enterpriseId: subject.enterpriseId,
            enterpriseName: subject.enterpriseName, outletId: subject.outletId, outletName: subject.outletName, mn: subject.mn,
            factor: after.polId.isEmpty ? "*" : after.polId, periodStart: before.dataTime, periodEnd: after.dataTime, ongoing: false,
            evidence: .init(hours: hours, hourly: [], referenceFactor: nil, variation: nil, loadMinimum: nil, loadMaximum: nil, loadSwing: nil,
                            hoursInBand: nil, shareInBand: nil, band: nil, parameter: parameter),
            rulesVersion: rules.version, inputs: .init(cn: "3020", valuesInPeriod: 2, lastFrameId: after.frameId),
            countyCode: subject.countyCode, cityCode: subject.cityCode)
    }

    /// Over the rules version, both reports and the equipment marks of the outlet overlapping the
    /// change (a mark withdrawn or narrowed changes it).
    func fingerprint(before: SiteReport, after: SiteReport, marks: [MarkRecord]) -> String {
        var text = "rules=\(rules.version);kind=\(Self.kind.rawValue);code=\(after.code);pol=\(after.polId)"
        for report in [before, after] { text += ";\(Int64(report.dataTime.timeIntervalSince1970))=\(report.value)/\(report.frameId)" }
        for mark in marks.sorted(by: { $0.id < $1.id }) where mark.family == .equipment && mark.start < after.dataTime && before.dataTime < mark.end {
            text += ";mark=\(mark.id)/\(mark.version)/\(mark.status.rawValue)"
        }
        return SuspicionRecomputation.fnv1a64(text)
    }
}
