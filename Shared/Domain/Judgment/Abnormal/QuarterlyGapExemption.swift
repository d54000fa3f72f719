import Foundation

/// Turns the gaps of one outlet into findings (judgment.md §4): gaps of several factors that
/// overlap are one outlet gap; per quarter (China time) the first fault-caused gap of at most
/// `gapExemption.maximumHours` is exempted (`perQuarter` of them), every other gap is abnormal
/// operation. Communication gaps are reported as communication loss.
public enum QuarterlyGapExemption {
    /// - Parameter exemptionsUsedBefore: exemptions already used in a quarter by gaps outside the
    ///   given ones (earlier in the quarter than the recomputed range).
    public static func findings(outletId: String, gaps: [DataGap], exemptionsUsedBefore: [Quarter: Int] = [:],
                                rules: JudgmentRules) -> [AbnormalFinding] {
        var used = exemptionsUsedBefore
        var findings: [AbnormalFinding] = []
        for gap in merged(gaps.filter { $0.outletId == outletId }) {
            let duration = Int(gap.end.timeIntervalSince(gap.start) / 60)
            let causes = Set(gap.parts.map(\.cause))
            let cause: DataGap.Cause = causes.count == 1 ? causes.first! : .noData
            let quarter = Quarter(containing: gap.start)
            var exempted = false
            if cause == .fault, duration <= rules.gapExemption.maximumHours * 60, used[quarter, default: 0] < rules.gapExemption.perQuarter {
                exempted = true
                used[quarter, default: 0] += 1
            }
            let kind: AbnormalFinding.Kind = cause == .communication ? .communicationLoss : .missingData
            findings.append(AbnormalFinding(
                id: JudgmentId.abnormal(kind: kind.rawValue, subject: outletId, factor: "*", start: gap.start), kind: kind,
                outletId: outletId, factors: Set(gap.parts.map(\.factor)).sorted(), start: gap.start, end: gap.end,
                evidence: .init(minutes: duration, flag: cause == .communication ? "B" : nil, gapCause: cause,
                                exemptionQuarter: exempted ? quarter.description : nil,
                                markIds: gap.parts.flatMap(\.markIds).uniqued().sorted()),
                isExempted: exempted, isOpen: gap.parts.contains(where: \.isOpen), rulesVersion: rules.version))
        }
        return findings
    }

    struct OutletGap {
        var start: Date
        var end: Date
        var parts: [DataGap]
    }

    /// Overlapping gaps (any factor) joined, in order of start.
    static func merged(_ gaps: [DataGap]) -> [OutletGap] {
        var result: [OutletGap] = []
        for gap in gaps.sorted(by: { ($0.start, $0.end, $0.factor) < ($1.start, $1.end, $1.factor) }) {
            if let last = result.last, gap.start < last.end {
                result[result.count - 1].end = max(last.end, gap.end)
                result[result.count - 1].parts.append(gap)
            } else {
                result.append(OutletGap(start: gap.start, end: gap.end, parts: [gap]))
            }
        }
        return result
    }
}
