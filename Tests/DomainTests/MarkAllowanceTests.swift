import Foundation
import Testing
@testable import Domain

@Suite(.timeLimit(.minutes(1)))
struct MarkAllowanceTests {
    @Test func aSpanAcrossNewYearCountsInBothYears() {
        let newYear = CivilDate(iso: "2026-01-01")!.startInChina
        let hours = MarkAllowance.hoursByYear(from: newYear.addingTimeInterval(-1.5 * 3600), to: newYear.addingTimeInterval(2 * 3600))
        #expect(hours == [2025: 1.5, 2026: 2])
    }

    @Test func newYearIsChinaTimeNotUTC() {
        // 2025-12-31 17:00 UTC is 2026-01-01 01:00 in China: all of it counts in 2026.
        let start = CivilDate(iso: "2026-01-01")!.startInChina.addingTimeInterval(3600)
        #expect(MarkAllowance.hoursByYear(from: start, to: start.addingTimeInterval(3600)) == [2026: 1])
    }

    @Test func severalSpansAddUpPerYear() {
        let base = CivilDate(iso: "2025-06-01")!.startInChina
        let total = MarkAllowance.hoursByYear([(base, base.addingTimeInterval(3600)), (base.addingTimeInterval(7200), base.addingTimeInterval(3 * 3600))])
        #expect(total == [2025: 2])
    }
}
