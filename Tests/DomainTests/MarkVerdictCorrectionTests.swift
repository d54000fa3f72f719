import Domain
import Foundation
import Testing

/// How a `consistent` verdict on a corrected mark answers the suspected-false / wrong-mark
/// findings raised against the mark's earlier versions.
@Suite struct MarkVerdictCorrectionTests {
    typealias S = Supervision

    static func verdict(_ kind: MarkVerdict.Kind, mark: String = "MK-X", version: Int, rule: String = "boiler-off-needs-flow",
                        outlet: String = "DA001") -> MarkVerdict {
        MarkVerdict(id: "\(mark)/v\(version)/\(kind == .consistent ? "all-rules" : rule)/\(kind.rawValue)", kind: kind,
                    ruleId: kind == .consistent ? "all-rules" : rule, markId: mark, markVersion: version, markTypeId: "shutdown",
                    enterpriseId: "e1", outletId: outlet, mn: "MN001", start: S.monday, end: S.monday + 6 * 3600,
                    messageZh: "停运标记期间烟气流量仍在", inputs: [], catalogueVersion: "2026.1", decidedAt: S.monday)
    }

    @Test("suspected-false, wrong and missed verdicts become findings of their order type; consistent opens nothing")
    func findings() throws {
        let suspected = try #require(Finding(markVerdict: Self.verdict(.suspectedFalse, version: 1)))
        #expect(suspected.id == "verdict:MK-X/v1/boiler-off-needs-flow/suspected-false")
        #expect(suspected.type == .suspectedFalseMark)
        #expect(suspected.detail == "boiler-off-needs-flow")
        #expect(Finding(markVerdict: Self.verdict(.wrong, version: 1))?.type == .suspectedWrongMark)
        #expect(Finding(markVerdict: Self.verdict(.missed, version: 1))?.type == .suspectedMissedMark)
        #expect(Finding(markVerdict: Self.verdict(.consistent, version: 2)) == nil)
    }

    @Test("a consistent verdict on a later version answers suspected-false and wrong findings on earlier versions of the same mark only")
    func answers() throws {
        let v2consistent = Self.verdict(.consistent, version: 2)
        let falseV1 = try #require(Finding(markVerdict: Self.verdict(.suspectedFalse, version: 1)))
        let wrongV1 = try #require(Finding(markVerdict: Self.verdict(.wrong, version: 1)))
        #expect(falseV1.isAnswered(byCorrection: v2consistent))
        #expect(wrongV1.isAnswered(byCorrection: v2consistent))
        // Same or later version: the consistent verdict does not postdate the suspicion.
        let falseV2 = try #require(Finding(markVerdict: Self.verdict(.suspectedFalse, version: 2)))
        let falseV3 = try #require(Finding(markVerdict: Self.verdict(.suspectedFalse, version: 3)))
        #expect(!falseV2.isAnswered(byCorrection: v2consistent))
        #expect(!falseV3.isAnswered(byCorrection: v2consistent))
        // Another mark, including one whose id merely starts with this one's.
        let other = try #require(Finding(markVerdict: Self.verdict(.suspectedFalse, mark: "MK-X1", version: 1)))
        #expect(!other.isAnswered(byCorrection: v2consistent))
        // A missed mark is not answered by correcting another mark.
        let missed = try #require(Finding(markVerdict: Self.verdict(.missed, version: 1)))
        #expect(!missed.isAnswered(byCorrection: v2consistent))
        // Only a consistent verdict answers, and only on the same outlet.
        #expect(!falseV1.isAnswered(byCorrection: Self.verdict(.wrong, version: 2)))
        #expect(!falseV1.isAnswered(byCorrection: Self.verdict(.consistent, version: 2, outlet: "DA002")))
        // Findings not from verdicts are never answered.
        #expect(!S.finding(.suspectedFalseMark, id: "MK-X/v1/x/suspected-false").isAnswered(byCorrection: v2consistent))
        #expect(Finding.correctionReasonZh(v2consistent) == "标记MK-X已更正，第2版核查一致")
    }

    @Test("withdrawing the answered finding ends its order per the state machine, and only once")
    func withdrawal() throws {
        let v2consistent = Self.verdict(.consistent, version: 2)
        let finding = try #require(Finding(markVerdict: Self.verdict(.suspectedFalse, version: 1)))
        let opened = try S.open(finding, markingDeadline: nil).order
        let answered = opened.findings.filter { $0.isAnswered(byCorrection: v2consistent) }.map(\.id)
        #expect(answered == [finding.id])
        let ended = try expectAccepted(opened, .withdrawFinding(id: finding.id, reason: Finding.correctionReasonZh(v2consistent)),
                                       by: S.system, at: S.monday + 3600)
        #expect(ended.order.status.isTerminal)
        #expect(ended.order.closure == .cancelled(reason: "判定已撤回：标记MK-X已更正，第2版核查一致"))
        #expect(ended.order.findings.filter { $0.isAnswered(byCorrection: v2consistent) }.isEmpty)
    }
}
