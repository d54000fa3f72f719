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
