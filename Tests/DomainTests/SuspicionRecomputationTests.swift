import Foundation
import Testing
@testable import Domain

/// The service's falsification-suspicion path (`SuspicionRecomputation` + `JudgmentPublication`):
/// stored rows in, versioned suspicions out. Rule: O2 ≥ 19 % for at least 2 valid hours while the
/// source operates (judgment-rules.json 2026.1 `suspicion`, judgment.md §5).
struct SuspicionRecomputationTests {
    typealias F = JudgmentFixtures
    static let start = F.cst("2026-03-10 08:00")
    static let subject = RecomputeSubject(mn: "MN1", pointId: "P1", outletId: "O1", outletName: "1号排口", enterpriseId: "E1",
                                          enterpriseName: "示范电厂", medium: .air, basis: .hour, countyCode: "510104", cityCode: "510100")
    static let recomputation = SuspicionRecomputation(rules: F.rules, flagEffects: F.flagEffects)

    static func at(_ hours: Int) -> Date { start.addingTimeInterval(TimeInterval(hours * 3600)) }

    /// Device hours: O2 `oxygen[i]` and flow `flow[i]` (m³/h) for hour i.
    static func hours(_ oxygen: [Double], flow: [Double]? = nil) -> [StoredValue] {
        oxygen.enumerated().flatMap { hour, o2 in
            [StoredValue(level: .hour, factor: "a19001", dataTime: at(hour), value: o2, converted: nil, flag: "N", frameId: "h\(hour)"),
             StoredValue(level: .hour, factor: "a00000", dataTime: at(hour), value: flow?[hour] ?? 500_000, converted: nil, flag: "N",
                         frameId: "h\(hour)")]
        }
    }

    static func run(_ values: [StoredValue], hours: Int) throws -> SuspicionRecomputation.Result {
        try recomputation.recompute(subject: subject, window: TimeSpan(start: start, end: at(hours))!, judgedThrough: at(hours),
                                    values: values, marks: [])
    }

    @Test("O2 of 20.9 % for three hours while 500 000 m³/h flow: one oxygen-near-21 suspicion with each hour and its flow as evidence")
    func oxygenNear21WhileOperating() throws {
        let result = try Self.run(Self.hours([6.5, 20.9, 20.8, 20.9]), hours: 4)
        #expect(result.judgments.count == 1)
        let suspicion = try #require(result.judgments.first)
        #expect(suspicion.id == "sus:oxygen-near-21:O1:a19001:\(Int64(Self.at(1).timeIntervalSince1970))@MN1")
        #expect(suspicion.kind == "oxygen-near-21")
        #expect(suspicion.kindName == "运行期间氧含量接近21%（疑似稀释）")
        #expect(suspicion.factor == "a19001")
        #expect(suspicion.periodStart == Self.at(1))
        #expect(suspicion.periodEnd == Self.at(4))
        #expect(suspicion.ongoing)
        #expect(suspicion.status == .opened)
        #expect(suspicion.evidence.hours == 3)
        #expect(suspicion.evidence.referenceFactor == "a00000")
        #expect(suspicion.evidence.hourly == [.init(start: Self.at(1), value: 20.9, reference: 500_000),
                                              .init(start: Self.at(2), value: 20.8, reference: 500_000),
                                              .init(start: Self.at(3), value: 20.9, reference: 500_000)])
        #expect(suspicion.inputs == .init(cn: "2061", valuesInPeriod: 3, lastFrameId: "h3"))
        #expect(suspicion.rulesVersion == F.rules.version)
        #expect(suspicion.countyCode == "510104")
        #expect(result.inputsHashes[suspicion.id]?.hasPrefix("fnv1a64:") == true)
    }

    @Test("one hour at 20.9 % is below the 2-hour minimum; 18.9 % is below the 19 % threshold; no suspicion")
    func belowThresholds() throws {
        #expect(try Self.run(Self.hours([6.5, 20.9, 6.5, 6.5]), hours: 4).judgments.isEmpty)
        #expect(try Self.run(Self.hours([18.9, 18.9, 18.9, 18.9]), hours: 4).judgments.isEmpty)
    }

    @Test("O2 at 20.9 % while the flow is zero (the source stopped: ambient air in the duct) is no suspicion")
    func stoppedSourceIsNotSuspicious() throws {
        #expect(try Self.run(Self.hours([20.9, 20.9, 20.9], flow: [0, 0, 0]), hours: 3).judgments.isEmpty)
        // Flow at zero in the middle hour splits the run into two single hours: still none.
        #expect(try Self.run(Self.hours([20.9, 20.9, 20.9], flow: [400_000, 0, 400_000]), hours: 3).judgments.isEmpty)
    }

    @Test("the run ends inside the judged data: closed, not ongoing")
    func endedRunIsClosed() throws {
        let suspicion = try #require(try Self.run(Self.hours([20.9, 20.9, 6.0]), hours: 3).judgments.first)
        #expect(!suspicion.ongoing)
        #expect(suspicion.status == .closed)
        #expect(suspicion.periodEnd == Self.at(2))
    }

    @Test("publication: v1 opened; the same inputs publish nothing; another hour extends (v2); the run ending closes (v3); late data removing it withdraws (v4)")
    func versions() throws {
        let first = JudgmentPublication.reconcile(previous: [], current: try Self.run(Self.hours([20.9, 20.9]), hours: 2).judgments)
        #expect(first.map(\.version) == [1])
        #expect(first.map(\.status) == [.opened])
        #expect(JudgmentPublication.reconcile(previous: first, current: try Self.run(Self.hours([20.9, 20.9]), hours: 2).judgments).isEmpty)

        let extended = JudgmentPublication.reconcile(previous: first, current: try Self.run(Self.hours([20.9, 20.9, 20.9]), hours: 3).judgments)
        #expect(extended.map(\.version) == [2])
        #expect(extended.map(\.status) == [.extended])
        #expect(extended.first?.id == first.first?.id)
        #expect(extended.first?.periodEnd == Self.at(3))

        let closed = JudgmentPublication.reconcile(previous: extended, current: try Self.run(Self.hours([20.9, 20.9, 20.9, 7]), hours: 4).judgments)
        #expect(closed.map(\.version) == [3])
        #expect(closed.map(\.status) == [.closed])

        let withdrawn = JudgmentPublication.reconcile(previous: closed, current: try Self.run(Self.hours([20.9, 7, 20.9, 7]), hours: 4).judgments)
        #expect(withdrawn.map(\.version) == [4])
        #expect(withdrawn.map(\.status) == [.withdrawn])
        #expect(withdrawn.first?.periodEnd == Self.at(3))
    }

    @Test("canonical JSON: sorted keys, UTC times, byte-identical for the same inputs, decodes back to the same payload")
    func canonicalJSON() throws {
        let suspicion = try #require(try Self.run(Self.hours([20.9, 20.9]), hours: 2).judgments.first)
        let text = try JudgmentPublication.canonical(suspicion)
        #expect(text == (try JudgmentPublication.canonical(try #require(try Self.run(Self.hours([20.9, 20.9]), hours: 2).judgments.first))))
        #expect(text.hasPrefix("{\"cityCode\":\"510100\",\"countyCode\":\"510104\",\"enterpriseId\":\"E1\""))
        #expect(text.contains("\"periodStart\":\"2026-03-10T00:00:00Z\""))
        #expect(try JudgmentPublication.decode(text) == suspicion)
    }
}
