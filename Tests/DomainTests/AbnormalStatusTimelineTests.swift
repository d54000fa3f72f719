import Foundation
import Testing
@testable import Domain

/// Equipment states (i12001) as reported per analyser (`PolId`) → the state in force over time →
/// a state series on a factor's grid (`EquipmentStatusTimeline`). Rules: a state holds from its
/// report until the next report of its PolId, at most `statusHoldMinutes` (1440, judgment-rules.json
/// 2026.1); unknown before the first report and from a report that is no state (judgment.md §4).
struct AbnormalStatusTimelineTests {
    typealias F = JudgmentFixtures
    static let hold = F.rules.equipment.statusHoldMinutes

    static func report(_ time: String, _ value: String, polId: String = "a21026", code: String = "i12001") -> SiteReport {
        SiteReport(polId: polId, code: code, dataTime: F.cst(time), value: value, frameId: "f-\(polId)-\(time)")
    }

    static func period(_ start: String, _ end: Date, _ state: Int) -> EquipmentStatusTimeline.Period {
        .init(start: F.cst(start), end: end, state: state)
    }

    @Test("periods: a periodic repeat joins its state, the next report ends it, a value that is no state leaves it unknown, other PolIds and codes do not count; order does not matter")
    func periods() {
        let reports = [
            Self.report("2026-05-10 08:00", "1"), Self.report("2026-05-10 08:30", " 1.0 "), Self.report("2026-05-10 09:00", "0"),
            Self.report("2026-05-10 10:00", "故障"), Self.report("2026-05-10 11:00", "2"),
            Self.report("2026-05-10 08:10", "0", polId: "a21002"), Self.report("2026-05-10 08:10", "5", code: "i13001"),
        ]
        let timeline = EquipmentStatusTimeline(reports: reports, polId: "a21026", holdMinutes: Self.hold)
        #expect(Self.hold == 1440)
        #expect(timeline.periods == [
            Self.period("2026-05-10 08:00", F.cst("2026-05-10 09:00"), 1),
            Self.period("2026-05-10 09:00", F.cst("2026-05-10 10:00"), 0),
            Self.period("2026-05-10 11:00", F.cst("2026-05-11 11:00"), 2),
        ])
        #expect(EquipmentStatusTimeline(reports: reports.reversed(), polId: "a21026", holdMinutes: Self.hold) == timeline)
        #expect(timeline.state(at: F.cst("2026-05-10 07:59")) == nil, "nothing is known before the first report")
        #expect(timeline.state(at: F.cst("2026-05-10 08:59")) == 1)
        #expect(timeline.state(at: F.cst("2026-05-10 09:00")) == 0)
        #expect(timeline.state(at: F.cst("2026-05-10 10:30")) == nil)
        #expect(timeline.state(at: F.cst("2026-05-11 10:59")) == 2)
        #expect(timeline.state(at: F.cst("2026-05-11 11:00")) == nil, "a state holds 1440 min without a new report")
    }

    @Test("on a minute grid each slot carries the state at its middle; on an hourly grid a change at half past counts for the later state")
    func seriesOnGrid() throws {
        let timeline = EquipmentStatusTimeline(reports: [Self.report("2026-05-10 08:02", "1"), Self.report("2026-05-10 08:04", "0")],
                                               polId: "a21026", holdMinutes: Self.hold)
        let minutes = try timeline.series(on: SampleSeries(start: F.cst("2026-05-10 08:00"), intervalSeconds: 60, count: 6))
        #expect(minutes.flags == [.absent, .absent, .n, .n, .n, .n])
        #expect(Array(minutes.values[2...]) == [1, 1, 0, 0])

        let hourly = EquipmentStatusTimeline(reports: [Self.report("2026-05-10 07:00", "0"), Self.report("2026-05-10 08:30", "1"),
                                                       Self.report("2026-05-10 09:31", "0")], polId: "a21026", holdMinutes: 90)
        let hours = try hourly.series(on: SampleSeries(start: F.cst("2026-05-10 07:00"), intervalSeconds: 3600, count: 5))
        #expect(hours.values == [0, 1, 1, 0, 0])
        #expect(hours.flags == [.n, .n, .n, .n, .absent], "0 reported at 09:31 holds 90 min: unknown at 11:30")
        #expect(hours.hasSameGrid(as: try SampleSeries(start: F.cst("2026-05-10 07:00"), intervalSeconds: 3600, count: 5)))
    }

    @Test("what a new report changes: a state inserted between two reports changes up to the next one; a periodic repeat only extends the hold; a value that is no state where nothing was known changes nothing")
    func affectedSpan() {
        let stored = [Self.report("2026-05-10 07:00", "0"), Self.report("2026-05-10 10:00", "0")]
        let maintenance = Self.report("2026-05-10 08:00", "1")
        #expect(EquipmentStatusTimeline.affectedSpan(of: [maintenance], among: stored + [maintenance], holdMinutes: Self.hold)
            == TimeSpan(start: F.cst("2026-05-10 08:00"), end: F.cst("2026-05-10 10:00")))
        // The store returns the added report too, or not yet: the same answer.
        #expect(EquipmentStatusTimeline.affectedSpan(of: [maintenance], among: stored, holdMinutes: Self.hold)
            == TimeSpan(start: F.cst("2026-05-10 08:00"), end: F.cst("2026-05-10 10:00")))

        let repeated = Self.report("2026-05-10 10:30", "0")
        #expect(EquipmentStatusTimeline.affectedSpan(of: [repeated], among: stored, holdMinutes: Self.hold)
            == TimeSpan(start: F.cst("2026-05-11 10:00"), end: F.cst("2026-05-11 10:30")))

        let other = Self.report("2026-05-10 08:00", "2", polId: "a21002")
        #expect(EquipmentStatusTimeline.affectedSpan(of: [other, maintenance], among: stored, holdMinutes: Self.hold)
            == TimeSpan(start: F.cst("2026-05-10 08:00"), end: F.cst("2026-05-11 08:00")), "the hull over both PolIds")
        #expect(EquipmentStatusTimeline.affectedSpan(of: [Self.report("2026-05-10 06:00", "?", polId: "a34013")], among: stored,
                                                     holdMinutes: Self.hold) == nil)
        #expect(EquipmentStatusTimeline.affectedSpan(of: [Self.report("2026-05-10 08:00", "5", code: "i13001")], among: stored,
                                                     holdMinutes: Self.hold) == nil, "only i12001 is a state")
    }

    @Test("rules: the hold must be positive and expectations must concern i12001")
    func rulesValidation() {
        var rules = F.rules
        #expect(rules.problems.isEmpty)
        rules.equipment.statusHoldMinutes = 0
        rules.equipment.statusExpectations[0].code = "i12002"
        #expect(rules.problems.map(\.path) == ["equipment.statusExpectations[0].code", "equipment.statusHoldMinutes"])
    }
}
