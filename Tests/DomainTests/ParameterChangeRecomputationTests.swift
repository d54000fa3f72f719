import Foundation
import Testing
@testable import Domain

/// Analyser parameters changed without a maintenance record (judgment.md §5): pairs of consecutive
/// site-information reports of an i13xxx code, an equipment mark over the change explaining it.
struct ParameterChangeRecomputationTests {
    typealias F = JudgmentFixtures
    static let subject = JudgmentRecomputationTests.subject
    static let recomputation = ParameterChangeRecomputation(rules: F.rules)

    static func report(_ time: String, _ value: String, code: String = "i13008", polId: String = "a21026") -> SiteReport {
        SiteReport(polId: polId, code: code, dataTime: F.cst(time), value: value, frameId: "f-\(time)")
    }

    static func mark(_ from: String, _ to: String, family: MarkFamily = .equipment, factors: [String] = ["a21026"],
                     status: MarkRecord.Status = .active) -> MarkRecord {
        MarkRecord(id: "MK-1", version: 1, status: status, typeId: "equipment.maintenance", family: family, effect: .invalid,
                   enterpriseId: "E1", outletId: "O1", mn: "MN1", factors: factors, start: F.cst(from), end: F.cst(to), reasonKind: .planned,
                   reason: "校准", submittedBy: "u", role: "enterprise", acceptedAt: F.cst(from), catalogueVersion: "1")
    }

    static let reports = [report("2026-03-10 08:00", "1.00"), report("2026-03-10 09:00", "1.0"), report("2026-03-10 10:30", "1.25")]

    @Test("the SO2 analyser's slope (i13008) 1.0 → 1.25 between the 09:00 and 10:30 reports with no mark → one suspicion spanning the two reports, with both values and the frame; 1.00 → 1.0 is no change")
    func unexplainedChange() throws {
        let result = Self.recomputation.recompute(subject: Self.subject, reports: Self.reports.reversed(), from: F.cst("2026-03-10 08:00"), marks: [])
        #expect(result.judgments.count == 1)
        let suspicion = try #require(result.judgments.first)
        #expect(suspicion.kind == "analyser-parameter-changed")
        #expect(suspicion.id == "sus:analyser-parameter-changed.i13008:O1:a21026:\(Int(F.cst("2026-03-10 09:00").timeIntervalSince1970))@MN1")
        #expect(suspicion.factor == "a21026")
        #expect(suspicion.periodStart == F.cst("2026-03-10 09:00"))
        #expect(suspicion.periodEnd == F.cst("2026-03-10 10:30"))
        #expect(suspicion.status == .closed)
        #expect(suspicion.evidence.hours == 2)
        let parameter = try #require(suspicion.evidence.parameter)
        #expect((parameter.code, parameter.before, parameter.after) == ("i13008", "1.0", "1.25"))
        #expect(parameter.frameId == "f-2026-03-10 10:30")
        #expect(parameter.name != nil)
        #expect(suspicion.inputs.cn == "3020")
        // Both pairs were judged: the unchanged one is a candidate too (a published suspicion of it would be withdrawn).
        #expect(result.candidateIds.count == 2)
        #expect(result.inputsHashes[suspicion.id]?.hasPrefix("fnv1a64:") == true)
    }

    @Test("an equipment mark on SO2 (or on the whole outlet) overlapping the change explains it; a withdrawn mark, a working-condition mark, a mark on NOx or one outside the change does not")
    func markExplains() {
        func count(_ marks: [MarkRecord]) -> Int {
            Self.recomputation.recompute(subject: Self.subject, reports: Self.reports, from: F.cst("2026-03-10 08:00"), marks: marks).judgments.count
        }
        #expect(count([Self.mark("2026-03-10 09:30", "2026-03-10 10:00")]) == 0)
        #expect(count([Self.mark("2026-03-10 09:30", "2026-03-10 10:00", factors: [])]) == 0)
        #expect(count([Self.mark("2026-03-10 09:30", "2026-03-10 10:00", status: .withdrawn)]) == 1)
        #expect(count([Self.mark("2026-03-10 09:30", "2026-03-10 10:00", family: .workingCondition)]) == 1)
        #expect(count([Self.mark("2026-03-10 09:30", "2026-03-10 10:00", factors: ["a21002"])]) == 1)
        #expect(count([Self.mark("2026-03-10 11:00", "2026-03-10 12:00")]) == 1)
    }

    @Test("only pairs whose newer report is at or after `from` are judged; codes outside the rules' list (i12001 state) are not parameters")
    func fromAndCodes() {
        let result = Self.recomputation.recompute(subject: Self.subject, reports: Self.reports, from: F.cst("2026-03-10 11:00"), marks: [])
        #expect(result.judgments.isEmpty)
        #expect(result.candidateIds.isEmpty)
        let states = [Self.report("2026-03-10 08:00", "0", code: "i12001"), Self.report("2026-03-10 09:00", "1", code: "i12001")]
        #expect(Self.recomputation.recompute(subject: Self.subject, reports: states, from: F.cst("2026-03-10 08:00"), marks: []).judgments.isEmpty)
        // Two parameters changed between the same reports are two suspicions, each with its own id.
        let both = Self.reports + [Self.report("2026-03-10 09:00", "0", code: "i13007"), Self.report("2026-03-10 10:30", "2", code: "i13007")]
        let ids = Self.recomputation.recompute(subject: Self.subject, reports: both, from: F.cst("2026-03-10 08:00"), marks: []).judgments.map(\.id)
        #expect(ids.count == 2)
        #expect(Set(ids).count == 2)
    }
}
