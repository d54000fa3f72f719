import Foundation
import Testing
@testable import Domain

/// The service's recomputation path (`ExceedanceRecomputation` + `JudgmentPublication`): stored
/// rows and marks in, published versions out. Values computed by hand; limit 200 mg/m³ at 6 % O2,
/// O2 measured at 6 %, so the converted value equals the measured mean.
struct JudgmentRecomputationTests {
    typealias F = JudgmentFixtures
    static let hour = F.cst("2026-03-10 08:00")
    static let subject = RecomputeSubject(mn: "MN1", pointId: "P1", outletId: "O1", outletName: "1号排口", enterpriseId: "E1",
                                          enterpriseName: "示范电厂", medium: .air, basis: .hour, countyCode: "510104", cityCode: "510100")
    static let limits = ["a21026": F.schedule([F.row("r-so2", .maximum(200), o2: 6)])]
    static let recomputation = ExceedanceRecomputation(rules: F.rules, flagEffects: F.flagEffects)

    static func minutes(_ hour: Date, count: Int, so2: Double, flag: String = "N", frame: String = "f") -> [StoredValue] {
        (0..<count).flatMap { minute -> [StoredValue] in
            let time = hour.addingTimeInterval(TimeInterval(minute * 60))
            return [StoredValue(level: .minute, factor: "a21026", dataTime: time, value: so2, converted: nil, flag: flag, frameId: "\(frame)\(minute)"),
                    StoredValue(level: .minute, factor: "a19001", dataTime: time, value: 6, converted: nil, flag: "N", frameId: "\(frame)\(minute)")]
        }
    }

    static func deviceHour(_ hour: Date, so2: Double, frame: String = "h") -> [StoredValue] {
        [StoredValue(level: .hour, factor: "a21026", dataTime: hour, value: so2, converted: so2, flag: "N", frameId: frame),
         StoredValue(level: .hour, factor: "a19001", dataTime: hour, value: 6, converted: nil, flag: "N", frameId: frame)]
    }

    static func mark(_ start: Date, _ end: Date, effect: ValidityEffect = .invalid, status: MarkRecord.Status = .active) -> MarkRecord {
        MarkRecord(id: "MK-1", version: 1, status: status, typeId: "equipment.maintenance", family: .equipment, effect: effect,
                   enterpriseId: "E1", outletId: "O1", mn: "MN1", factors: ["a21026"], start: start, end: end, reasonKind: .planned,
                   reason: "检修", submittedBy: "u", role: "enterprise", acceptedAt: start, catalogueVersion: "1")
    }

    static func run(_ values: [StoredValue], marks: [MarkRecord] = [], hours: Int = 3, judgedThrough: Date? = nil) throws -> ExceedanceRecomputation.Result {
        let window = TimeSpan(start: hour, end: hour.addingTimeInterval(TimeInterval(hours * 3600)))!
        return try recomputation.recompute(subject: subject, window: window, judgedThrough: judgedThrough ?? window.end, values: values,
                                           marks: marks, limits: limits)
    }

    @Test("an hour recomputed from 60 minutes at 300 over a 200 limit: one episode, value 300, multiple 0.5, from CN 2051, although the device said 280")
    func hourFromMinutes() throws {
        let result = try Self.run(Self.minutes(Self.hour, count: 60, so2: 300) + Self.deviceHour(Self.hour, so2: 280))
        #expect(result.judgments.count == 1)
        let judgment = try #require(result.judgments.first)
        #expect(judgment.id == ExceedanceJudgment.episodeId(outletId: "O1", factor: "a21026", periodStart: Self.hour))
        #expect(judgment.value == 300)
        #expect(judgment.limit == 200)
        #expect(F.near(judgment.multiple, 0.5))
        #expect(judgment.inputs.cn == "2051")
        #expect(judgment.inputs.frameId == "f59")
        #expect(judgment.periodEnd == Self.hour.addingTimeInterval(3600))
        // The next hour was judged (no data: invalid), so the episode is over.
        #expect(judgment.status == .closed)
        #expect(judgment.limitSource.rowId == "r-so2")
        #expect(result.inputsHashes[judgment.id]?.hasPrefix("fnv1a64:") == true)
        // The device's 280 against the minutes' 300 is reported, not judged.
        #expect(result.mismatches == [DeviceMeanMismatch(factor: "a21026", hourStart: Self.hour, deviceMean: 280, recomputedMean: 300)])
    }

    @Test("44 valid minutes do not make an hour (HJ 75: 45) and the device's hour does not stand in for an hour with minutes; 45 do")
    func fortyFourMinutes() throws {
        #expect(try Self.run(Self.minutes(Self.hour, count: 44, so2: 300) + Self.deviceHour(Self.hour, so2: 300)).judgments.isEmpty)
        #expect(try Self.run(Self.minutes(Self.hour, count: 45, so2: 300)).judgments.count == 1)
        // Equal device and recomputed means are no mismatch.
        #expect(try Self.run(Self.minutes(Self.hour, count: 60, so2: 300) + Self.deviceHour(Self.hour, so2: 300)).mismatches.isEmpty)
    }

    @Test("without minutes the device's hourly mean is judged (CN 2061, flag N)")
    func deviceHourAlone() throws {
        let judgment = try #require(try Self.run(Self.deviceHour(Self.hour, so2: 450)).judgments.first)
        #expect(judgment.value == 450)
        #expect(judgment.inputs.cn == "2061")
        #expect(judgment.inputs.frameId == "h")
        #expect(judgment.inputs.flag == "N")
        #expect(F.near(judgment.multiple, 1.25))
    }

    @Test("two exceeding hours then one within form one episode of two hours, worst value 400; the hour still arriving is not judged")
    func episodeAndJudgedThrough() throws {
        let next = Self.hour.addingTimeInterval(3600)
        let third = next.addingTimeInterval(3600)
        let values = Self.deviceHour(Self.hour, so2: 300) + Self.deviceHour(next, so2: 400) + Self.deviceHour(third, so2: 100)
        let closed = try #require(try Self.run(values).judgments.first)
        #expect(closed.periodStart == Self.hour)
        #expect(closed.periodEnd == third)
        #expect(closed.value == 400)
        #expect(closed.status == .closed)
        // Judged only through the second hour: the episode may go on.
        let open = try Self.run(values, judgedThrough: third)
        #expect(open.judgments.map(\.status) == [.opened])
        #expect(open.exceedsAtEnd)
        #expect(open.exceedsAtStart)
    }

    @Test("an invalidating maintenance mark over the hour removes the exceedance; a withdrawn mark or a mark on another MN of the outlet does not")
    func markRemovesExceedance() throws {
        let values = Self.minutes(Self.hour, count: 60, so2: 300)
        let end = Self.hour.addingTimeInterval(3600)
        #expect(try Self.run(values, marks: [Self.mark(Self.hour, end)]).judgments.isEmpty)
        #expect(try Self.run(values, marks: [Self.mark(Self.hour, end, status: .withdrawn)]).judgments.count == 1)
        // A mark on another MN of the outlet does not cover this point.
        var elsewhere = Self.mark(Self.hour, end)
        elsewhere.mn = "MN2"
        #expect(try Self.run(values, marks: [elsewhere]).judgments.count == 1)
    }

    @Test("publication: new → v1 opened; identical → nothing; removed by a mark → v2 withdrawn with the old payload; back → v3 opened; changed value → extended")
    func reconcile() throws {
        let computed = try Self.run(Self.deviceHour(Self.hour, so2: 450), hours: 1).judgments
        let first = JudgmentPublication.reconcile(previous: [], current: computed)
        #expect(first.map(\.version) == [1])
        #expect(first.map(\.status) == [.opened])
        #expect(JudgmentPublication.reconcile(previous: first, current: computed).isEmpty)

        let withdrawn = JudgmentPublication.reconcile(previous: first, current: [])
        #expect(withdrawn.map(\.version) == [2])
        #expect(withdrawn.map(\.status) == [.withdrawn])
        #expect(withdrawn.first?.value == 450)
        #expect(JudgmentPublication.reconcile(previous: withdrawn, current: []).isEmpty)
        #expect(JudgmentPublication.reconcile(previous: withdrawn, current: computed).map { "\($0.status)@\($0.version)" } == ["opened@3"])

        let changed = try Self.run(Self.deviceHour(Self.hour, so2: 500), hours: 1).judgments
        let revised = JudgmentPublication.reconcile(previous: first, current: changed)
        #expect(revised.map { "\($0.status)@\($0.version)" } == ["extended@2"])
        #expect(revised.first?.value == 500)
    }

    @Test("deterministic: the same rows in another order give byte-identical payloads and hashes")
    func deterministic() throws {
        let values = Self.minutes(Self.hour, count: 60, so2: 300) + Self.deviceHour(Self.hour, so2: 290)
        let a = try Self.run(values)
        let b = try Self.run(values.reversed())
        #expect(try a.judgments.map(JudgmentPublication.canonical) == b.judgments.map(JudgmentPublication.canonical))
        #expect(a.inputsHashes == b.inputsHashes)
        let decoded: ExceedanceJudgment = try JudgmentPublication.decode(try JudgmentPublication.canonical(a.judgments[0]))
        #expect(decoded == a.judgments[0])
    }

    @Test("补传: 44 minutes make no hour; the late 45th makes it valid and exceeding → version 1; the minutes re-sent corrected to 150 → withdrawn as version 2 with the last published value")
    func lateMinutes() throws {
        let early = Self.minutes(Self.hour, count: 44, so2: 300)
        #expect(JudgmentPublication.reconcile(previous: [], current: try Self.run(early).judgments).isEmpty)
        let completed = try Self.run(early + Self.minutes(Self.hour, count: 45, so2: 300).suffix(2))
        let first = JudgmentPublication.reconcile(previous: [], current: completed.judgments)
        #expect(first.map { "\($0.status)@\($0.version)" } == ["closed@1"])
        // The 45 minutes re-sent corrected to 150 (new revisions, the newest counts): within 200.
        let corrected = try Self.run(Self.minutes(Self.hour, count: 45, so2: 150))
        let second = JudgmentPublication.reconcile(previous: first, current: corrected.judgments)
        #expect(second.map { "\($0.status)@\($0.version)" } == ["withdrawn@2"])
        #expect(second.first?.value == 300)
    }

    @Test("widening: one changed hour inside a five-hour episode recomputes the whole episode, from its first hour to the hour closing it")
    func wideningFindsWholeEpisode() async throws {
        // Hours 08–12 exceed, 13 is within; the change is at 10:00.
        var values: [StoredValue] = []
        for offset in 0..<6 { values += Self.deviceHour(Self.hour.addingTimeInterval(TimeInterval(offset * 3600)), so2: offset < 5 ? 300 : 100) }
        let changed = Self.hour.addingTimeInterval(2 * 3600)
        var loaded: [TimeSpan] = []
        let (window, result) = try await Self.recomputation.recomputeWidening(
            subject: Self.subject, affected: TimeSpan(start: changed, end: changed.addingTimeInterval(3600))!,
            judgedThrough: Self.hour.addingTimeInterval(6 * 3600)
        ) { window in
            loaded.append(window)
            return .init(values: values.filter { window.contains($0.dataTime) }, marks: [], limits: Self.limits)
        }
        #expect(result.judgments.count == 1)
        #expect(result.judgments.first?.periodStart == Self.hour)
        #expect(result.judgments.first?.periodEnd == Self.hour.addingTimeInterval(5 * 3600))
        #expect(result.judgments.first?.status == .closed)
        #expect(window.start <= Self.hour.addingTimeInterval(-3600))
        #expect(loaded.count >= 2)
    }

    @Test("affected span: a minute → its hour; the first minute of a new hour also → the hour it completed; a long silence → at most a week")
    func affectedSpan() {
        let minute = Self.hour.addingTimeInterval(60 + 3600)  // 09:01
        let plain = ExceedanceRecomputation.affectedSpan(level: .minute, dataTime: minute, completeBefore: Self.hour.addingTimeInterval(3600),
                                                         completeAfter: Self.hour.addingTimeInterval(3600))
        #expect(plain == TimeSpan(start: Self.hour.addingTimeInterval(3600), end: Self.hour.addingTimeInterval(7200)))
        let completing = ExceedanceRecomputation.affectedSpan(level: .minute, dataTime: minute, completeBefore: Self.hour,
                                                              completeAfter: Self.hour.addingTimeInterval(3600))
        #expect(completing == TimeSpan(start: Self.hour, end: Self.hour.addingTimeInterval(7200)))
        let afterSilence = ExceedanceRecomputation.affectedSpan(level: .hour, dataTime: Self.hour, completeBefore: Self.hour.addingTimeInterval(-30 * 86_400),
                                                                completeAfter: Self.hour.addingTimeInterval(3600))
        #expect(afterSilence.start == Self.hour.addingTimeInterval(3600 - 7 * 86_400))
        let day = ExceedanceRecomputation.affectedSpan(level: .day, dataTime: F.cst("2026-03-10"), completeBefore: nil, completeAfter: nil)
        #expect(day == TimeSpan(start: F.cst("2026-03-10"), end: F.cst("2026-03-11")))
    }

    @Test("daily basis (water): 24 device hours of COD at 60 against a daily 50 → one daily episode exc-day:…, value 60, from the daily mean of the hours")
    func dailyBasis() throws {
        let day = F.cst("2026-03-10")
        var subject = Self.subject
        subject.medium = .water
        subject.basis = .day
        let values = (0..<24).map { hour in
            StoredValue(level: .hour, factor: "w01018", dataTime: day.addingTimeInterval(TimeInterval(hour * 3600)), value: 60, converted: nil,
                        flag: "N", frameId: "h\(hour)")
        }
        let limits = ["w01018": F.schedule([F.row("r-cod", factor: "w01018", .maximum(50), o2: nil, basis: .day)], factor: "w01018", basis: .day)]
        let window = TimeSpan(start: day, end: day.addingTimeInterval(86_400))!
        let result = try Self.recomputation.recompute(subject: subject, window: window, judgedThrough: window.end, values: values, marks: [],
                                                      limits: limits)
        let judgment = try #require(result.judgments.first)
        #expect(result.judgments.count == 1)
        #expect(judgment.id == "exc-day:O1:w01018:\(Int64(day.timeIntervalSince1970))")
        #expect(judgment.basis == "day")
        #expect(judgment.value == 60)
        #expect(F.near(judgment.multiple, 0.2))
        #expect(judgment.inputs.valueSource == "daily_mean_of_hours")
        #expect(judgment.periodEnd == window.end)
    }
}
