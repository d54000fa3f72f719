import Foundation
import Testing
@testable import Domain

/// Signs of falsification (judgment.md §5) and data-quality figures (§4), hand-built.
@Suite(.timeLimit(.minutes(1)))
struct JudgmentSuspicionTests {
    typealias F = JudgmentFixtures
    static let detector = FalsificationDetector(rules: F.rules)
    static let start = F.cst("2026-05-10")

    @Test("judgment.md §5: O2 at or above 19 % for 2 hours while the source runs is a suspicion; one hour, or a stopped source, is not")
    func oxygenNear21() {
        let oxygen = F.deviceHours(from: Self.start, [8, 19.5, 20.2, 8, 19.8, 8])
        let load = F.deviceHours(from: Self.start, [80, 85, 90, 80, 80, 80])
        let found = Self.detector.oxygenNear21(outletId: "DA001", oxygen: oxygen, load: load)
        #expect(found.count == 1)
        #expect(found[0].start == F.cst("2026-05-10 01:00") && found[0].end == F.cst("2026-05-10 03:00"))
        #expect(found[0].evidence.hourly.map(\.value) == [19.5, 20.2] && found[0].evidence.hourly.map(\.reference) == [85, 90])
        #expect(found[0].id.hasPrefix("sus:oxygen-near-21:DA001:a19001:") && found[0].rulesVersion == "2026.1")
        let stopped = [TimeSpan(start: F.cst("2026-05-10 01:00"), end: F.cst("2026-05-10 03:00"))!]
        #expect(Self.detector.oxygenNear21(outletId: "DA001", oxygen: oxygen, stopped: stopped).isEmpty)
    }

    @Test("judgment.md §5: a flat concentration (variation ≤ 1 %) through a day while the load swings (≥ 20 %) is a suspicion")
    func flatWhileLoadSwings() {
        // 35.0 / 35.1 alternating: mean 35.05, deviation 0.05, variation 0.0014. Load 50 / 100: swing 50 / 75 = 0.67.
        let flat = F.deviceHours(from: Self.start, (0..<24).map { $0 % 2 == 0 ? 35.0 : 35.1 })
        let swinging = F.deviceHours(from: Self.start, (0..<24).map { $0 % 2 == 0 ? 50 : 100 })
        let found = Self.detector.flatWhileLoadSwings(outletId: "DA001", factor: "a21026", hours: flat, load: swinging)
        #expect(found.count == 1 && found[0].start == Self.start && found[0].end == F.cst("2026-05-11"))
        #expect(F.near(found[0].evidence.variation, 0.05 / 35.05, 1e-9) && F.near(found[0].evidence.loadSwing, 50.0 / 75, 1e-12))
        #expect(found[0].evidence.loadMinimum == 50 && found[0].evidence.loadMaximum == 100 && found[0].evidence.hours == 24)
        // A concentration that follows the load, or a steady load, raises nothing.
        let following = F.deviceHours(from: Self.start, (0..<24).map { $0 % 2 == 0 ? 30 : 60 })
        #expect(Self.detector.flatWhileLoadSwings(outletId: "DA001", factor: "a21026", hours: following, load: swinging).isEmpty)
        let steady = F.deviceHours(from: Self.start, (0..<24).map { _ in 80 })
        #expect(Self.detector.flatWhileLoadSwings(outletId: "DA001", factor: "a21026", hours: flat, load: steady).isEmpty)
    }

    static func judged(_ values: [Double]) throws -> [JudgedPeriod] {
        let start = F.cst("2026-05-01")
        return try F.evaluator.judgeHours(F.deviceHours(from: start, values), conversion: .init(oxygen: F.deviceHours(from: start, values.map { _ in 6 })),
                                          limits: F.schedule([F.row("so2", .maximum(100), o2: 6)]))
    }

    @Test("judgment.md §5: values clustering just under the limit — 70 of 120 valid hours in [90, 100] is 58 % ≥ 50 %; 99 hours are too few")
    func clusteringUnderLimit() throws {
        let found = Self.detector.clusteringUnderLimit(outletId: "DA001", factor: "a21026",
                                                       judged: try Self.judged((0..<120).map { $0 < 70 ? 95 : 50 }))
        #expect(found.count == 1 && found[0].evidence.hoursInBand == 70 && F.near(found[0].evidence.shareInBand, 70.0 / 120))
        #expect(found[0].start == F.cst("2026-05-01") && found[0].end == F.cst("2026-06-01"))
        #expect(Self.detector.clusteringUnderLimit(outletId: "DA001", factor: "a21026", judged: try Self.judged((0..<99).map { _ in 95 })).isEmpty)
    }

    @Test("judgment.md §2/§5: a device-converted value 10 % off the one recomputed from raw value and O2 is a suspicion; 4 % is within tolerance")
    func convertedMismatch() throws {
        let judged = try Self.judged([100, 100, 100])
        let found = try Self.detector.convertedMismatch(outletId: "DA001", factor: "a21026", judged: judged, deviceConverted: [100, 110, 104])
        #expect(found.count == 1 && found[0].start == F.cst("2026-05-01 01:00"))
        #expect(found[0].evidence.hourly == [.init(start: F.cst("2026-05-01 01:00"), value: 110, reference: 100)])
        #expect(throws: JudgmentInputError.self) {
            try Self.detector.convertedMismatch(outletId: "DA001", factor: "a21026", judged: judged, deviceConverted: [100])
        }
    }

    @Test("judgment.md §4: 传输率 = received / expected, 有效率 = valid / received, 数据传输有效率 = their product; stopped time is not expected")
    func dataQuality() throws {
        // 240 minutes stopped (mark, nothing received), then 1200 expected: 100 not received, 100 flagged C.
        let series = F.minutes(from: Self.start, hours: 24) { minute in
            switch minute {
            case ..<240, 240..<340: nil
            case 340..<440: (40, .c)
            default: (40, .n)
            }
        }
        let stop = F.mark("st", "thermal-power.stopped", .outOfService, "2026-05-10 00:00", "2026-05-10 04:00")
        let (days, months) = DataQuality.figures(subject: "P1", factor: "a21026", resolved: F.resolve(series, marks: [stop]), rules: F.rules)
        let day = try #require(days.first)
        #expect(days.count == 1 && day.expected == 1200 && day.received == 1100 && day.valid == 1000)
        #expect(F.near(day.transmissionRate, 1100.0 / 1200) && F.near(day.validityRate, 1000.0 / 1100))
        #expect(F.near(day.effectiveTransmissionRate, 1000.0 / 1200))
        #expect(months.count == 1 && months[0].start == F.cst("2026-05-01") && months[0].expected == 1200)

        let other = DataQuality.figures(subject: "P1", factor: "a21002", resolved: F.resolve(F.minutes(from: Self.start, hours: 24) { _ in (5, .n) }),
                                        rules: F.rules).days[0]
        let point = try #require(DataQuality.combined([day, other]))
        #expect(point.factor == "*" && point.expected == 2640 && point.received == 2540 && point.valid == 2440)
    }
}
