import Foundation

/// The gaps of one outlet in a China-time quarter, across its monitoring points (judgment.md §4):
/// which gap of the quarter each one is (`occurrencesInQuarter`, what the supervision trigger
/// "a second gap in the quarter" compares) and which fault gap uses the quarter's exemption. Both
/// are facts of the outlet, not of a point, so they are decided over the outlet's findings after a
/// point's recomputation (`AbnormalRecomputation`) has found its own.
///
/// A gap belongs to the quarter of its start. In order of start (then id), overlapping findings of
/// one kind are one outlet gap (two points missing the same hours are one gap of the outlet, as a
/// point's factors are); the n-th outlet gap of its kind in the quarter has number n, exempted ones
/// included. A later gap therefore never changes an earlier one's number, and a withdrawn gap
/// lowers the numbers of the gaps after it. The first `gapExemption.perQuarter` missing-data gaps
/// whose findings are all fault-caused and whose span is at most `gapExemption.maximumHours` use
/// the exemption, all their findings alike. Pure: the same findings give the same result.
public enum OutletGapSequence {
    /// A gap finding: missing data or communication loss (`QuarterlyGapExemption`'s kinds).
    public static func isGap(_ judgment: AbnormalOperationJudgment) -> Bool {
        judgment.kind == AbnormalFinding.Kind.missingData.rawValue || judgment.kind == AbnormalFinding.Kind.communicationLoss.rawValue
    }

    /// The quarters the gaps among `judgments` start in, in order: those whose gaps must be settled.
    public static func quarters(of judgments: [AbnormalOperationJudgment]) -> [Quarter] {
        Set(judgments.filter(isGap).map { Quarter(containing: $0.periodStart) }).sorted()
    }

    /// `findings` with the number and exemption of every gap that is not withdrawn decided, in the
    /// same order; other findings unchanged. Pass every finding of one outlet that starts in the
    /// quarters concerned: a gap missing from them is a gap that does not count.
    public static func settle(_ findings: [AbnormalOperationJudgment], rules: JudgmentRules) -> [AbnormalOperationJudgment] {
        var settled = findings
        let gaps = findings.indices.filter { isGap(findings[$0]) && findings[$0].status != .withdrawn }
        let groups = Dictionary(grouping: gaps) { GroupKey(kind: findings[$0].kind, quarter: Quarter(containing: findings[$0].periodStart)) }
        for (key, members) in groups {
            let ordered = members.sorted { (findings[$0].periodStart, findings[$0].id) < (findings[$1].periodStart, findings[$1].id) }
            var exemptionsUsed = 0
            for (number, outletGap) in outletGaps(ordered, in: findings).enumerated() {
                let exempted = key.kind == AbnormalFinding.Kind.missingData.rawValue
                    && exemptionsUsed < rules.gapExemption.perQuarter
                    && outletGap.end.timeIntervalSince(outletGap.start) <= TimeInterval(rules.gapExemption.maximumHours * 3600)
                    && outletGap.members.allSatisfy { findings[$0].evidence.gapCause == DataGap.Cause.fault.rawValue }
                if exempted { exemptionsUsed += 1 }
                for index in outletGap.members {
                    settled[index].occurrencesInQuarter = number + 1
                    settled[index].exemption = .init(used: exempted, quarter: exempted ? key.quarter.description : nil)
                }
            }
        }
        return settled
    }

    /// What one recomputation of a point changes among the outlet's gaps.
    public struct Settlement: Sendable, Equatable {
        /// The point's recomputed findings with their gaps settled: what
        /// `JudgmentPublication.reconcile` compares with the point's published versions.
        public var current: [AbnormalOperationJudgment]
        /// New versions (`extended` while open, else `closed`) of the outlet's other published gaps
        /// whose number or exemption the recomputation changed, ordered by id.
        public var republished: [AbnormalOperationJudgment]
    }

    /// Settles a point's recomputation against the outlet's published gaps.
    /// - Parameters:
    ///   - recomputed: `AbnormalRecomputation.Result.judgments` of the point.
    ///   - previous: the point's published findings the recomputation replaces (those overlapping
    ///     its window, what `JudgmentPublication.reconcile` is given).
    ///   - published: the newest version of every gap of the outlet, any point, not withdrawn,
    ///     starting in `quarters(of: previous + recomputed)`.
    public static func settle(recomputed: [AbnormalOperationJudgment], replacing previous: [AbnormalOperationJudgment],
                              published: [AbnormalOperationJudgment], rules: JudgmentRules) -> Settlement {
        let replaced = Set(previous.map(\.id)).union(recomputed.map(\.id))
        let quarters = Set(Self.quarters(of: previous + recomputed))
        let others = published.filter {
            !replaced.contains($0.id) && isGap($0) && $0.status != .withdrawn && quarters.contains(Quarter(containing: $0.periodStart))
        }
        let settled = settle(recomputed + others, rules: rules)
        let settledOthers = Array(settled[recomputed.count...])
        return Settlement(current: Array(settled[..<recomputed.count]),
                          republished: JudgmentPublication.reconcile(previous: others, current: settledOthers))
    }

    struct GroupKey: Hashable {
        var kind: String
        var quarter: Quarter
    }

    struct OutletGap {
        var start: Date
        var end: Date
        var members: [Int]
    }

    /// Overlapping findings joined into outlet gaps; `ordered` by start.
    static func outletGaps(_ ordered: [Int], in findings: [AbnormalOperationJudgment]) -> [OutletGap] {
        var result: [OutletGap] = []
        for index in ordered {
            let finding = findings[index]
            if let last = result.last, finding.periodStart < last.end {
                result[result.count - 1].end = max(last.end, finding.periodEnd)
                result[result.count - 1].members.append(index)
            } else {
                result.append(OutletGap(start: finding.periodStart, end: finding.periodEnd, members: [index]))
            }
        }
        return result
    }
}
