import Foundation
import Testing
@testable import Domain

@Suite(.timeLimit(.minutes(1)))
struct CivilDateTests {
    @Test func chinaMidnightIsSixteenHundredUTCTheDayBefore() {
        let lastSecondOfMarch = Date(timeIntervalSince1970: 1_774_972_799) // 2026-03-31T15:59:59Z
        #expect(CivilDate(chinaTimeOf: lastSecondOfMarch).description == "2026-03-31")
        #expect(CivilDate(chinaTimeOf: lastSecondOfMarch.addingTimeInterval(1)).description == "2026-04-01")
        #expect(CivilDate(iso: "2026-04-01")!.startInChina == lastSecondOfMarch.addingTimeInterval(1))
    }

    @Test func beforeTheEpochRoundsTowardsThePast() {
        // 1969-12-31T15:59:59Z is 23:59:59 on 1969-12-31 in China.
        #expect(CivilDate(chinaTimeOf: Date(timeIntervalSince1970: -28_801)).description == "1969-12-31")
        #expect(CivilDate(chinaTimeOf: Date(timeIntervalSince1970: -28_800)).description == "1970-01-01")
    }

    @Test func daysRoundTripAcrossCenturiesAndLeapYears() {
        for days in stride(from: -700_000, through: 2_900_000, by: 997) {
            let date = CivilDate(daysSinceEpoch: days)
            #expect(date.daysSinceEpoch == days)
            #expect(CivilDate(iso: date.description) == date)
        }
        #expect(CivilDate(iso: "2024-02-29")!.adding(days: 1).description == "2024-03-01")
        #expect(CivilDate(iso: "2000-02-29") != nil)
    }

    @Test(arguments: ["2023-02-29", "1900-02-29", "2026-4-01", "2026-04-1", "2026-13-01", "2026-04-31", "20260401", "2026-04-01T00:00", "", "２０２６-04-01"])
    func rejectsWhatIsNotADay(_ text: String) {
        #expect(CivilDate(iso: text) == nil)
    }

    @Test func effectivePeriodIncludesItsStartAndExcludesItsEnd() throws {
        let period = try #require(EffectivePeriod(from: CivilDate(iso: "2014-03-01")!, until: CivilDate(iso: "2026-04-01")!))
        #expect(period.contains(CivilDate(iso: "2014-03-01")!))
        #expect(period.contains(CivilDate(iso: "2026-03-31")!))
        #expect(!period.contains(CivilDate(iso: "2026-04-01")!))
        #expect(!period.contains(CivilDate(iso: "2014-02-28")!))
        #expect(EffectivePeriod(from: CivilDate(iso: "2026-04-01")!, until: CivilDate(iso: "2026-04-01")!) == nil)
    }
}

@Suite(.timeLimit(.minutes(1)))
struct UTCMonthTests {
    @Test("a month runs from 00:00:00 UTC on its first day to the last second before the next; China time does not matter")
    func monthEdgesAreUTC() {
        let december = Date(timeIntervalSince1970: 1_796_083_200) // 2026-12-01T00:00:00Z
        #expect(UTCMonth(containing: december).description == "2026-12")
        #expect(UTCMonth(containing: december.addingTimeInterval(-1)).description == "2026-11")
        // Instants round down to the second: half a second before is still November.
        #expect(UTCMonth(containing: december.addingTimeInterval(-0.5)).description == "2026-11")
        // 2026-12-01 07:59 China time is November in UTC: the month is never China time's.
        #expect(UTCMonth(containing: december.addingTimeInterval(-60)).month == 11)
        #expect(UTCMonth(containing: december).start == december)
        #expect(UTCMonth(containing: december.addingTimeInterval(-1)).start == Date(timeIntervalSince1970: 1_793_491_200)) // 2026-11-01Z
        #expect(UTCMonth(containing: december).digits == "202612")
    }

    @Test("months step across years and leap Februaries, and before 1970")
    func stepping() {
        let january2028 = UTCMonth(containing: Date(timeIntervalSince1970: 1_830_297_600)) // 2028-01-01Z
        #expect(january2028.description == "2028-01")
        #expect(january2028.advanced(by: -1).description == "2027-12")
        #expect(january2028.advanced(by: 1).start.timeIntervalSince(january2028.start) == 31 * 86_400)
        #expect(january2028.advanced(by: 2).start.timeIntervalSince(january2028.advanced(by: 1).start) == 29 * 86_400)
        #expect(UTCMonth(containing: Date(timeIntervalSince1970: -1)).description == "1969-12")
        #expect(UTCMonth(containing: Date(timeIntervalSince1970: 0)).description == "1970-01")
        for instant in stride(from: 0.0, to: 2_000_000_000, by: 7_654_321) {
            let month = UTCMonth(containing: Date(timeIntervalSince1970: instant))
            #expect(month.start.timeIntervalSince1970 <= instant && instant < month.advanced(by: 1).start.timeIntervalSince1970)
        }
    }
}
