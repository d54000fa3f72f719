import Domain
import Foundation
import Testing

/// Working-day deadlines on the State Council's holiday arrangements (data/supervision/holidays.json).
struct SupervisionCalendarTests {
    typealias S = Supervision
    let calendar = Supervision.calendar

    @Test("weekdays: 1970-01-01 was a Thursday, 2026-02-14 a Saturday, 2026-03-02 a Monday")
    func weekdays() {
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.isoWeekday == 4)
        #expect(CivilDate(year: 1969, month: 12, day: 31)!.isoWeekday == 3)
        #expect(CivilDate(year: 2026, month: 2, day: 14)!.isoWeekday == 6)
        #expect(CivilDate(year: 2026, month: 3, day: 2)!.weekdayZh == "周一")
    }

    @Test("day kinds: Spring Festival holiday, adjusted working Saturday, plain weekend and workday")
    func dayKinds() {
        #expect(calendar.kind(of: CivilDate(year: 2026, month: 2, day: 16)!) == .holiday("春节"))
        #expect(calendar.kind(of: CivilDate(year: 2026, month: 2, day: 14)!) == .adjustedWorkday(forHoliday: "春节"))
        #expect(calendar.kind(of: CivilDate(year: 2025, month: 1, day: 26)!) == .adjustedWorkday(forHoliday: "春节"))
        #expect(calendar.kind(of: CivilDate(year: 2026, month: 3, day: 7)!) == .weekend)
        #expect(calendar.kind(of: CivilDate(year: 2026, month: 3, day: 2)!) == .workday)
        #expect(calendar.kind(of: CivilDate(year: 2025, month: 10, day: 8)!) == .holiday("国庆节、中秋节"))
        #expect(calendar.isPublished(2025) && calendar.isPublished(2026))
        #expect(!calendar.isPublished(2027) && !calendar.isPublished(2028))
    }

    @Test("the day of issue does not count; the deadline is 24:00 China time of the last working day",
          arguments: [
            // Monday 10:00 + 1 → Tuesday 24:00.
            (S.cst(2026, 3, 2, 10), 1, S.cst(2026, 3, 4)),
            // Late evening counts as the same China day (15:30 UTC is 23:30 CST).
            (S.cst(2026, 3, 2, 23, 30), 1, S.cst(2026, 3, 4)),
            // Friday + 1 → Monday (the weekend does not count); Saturday + 1 → Monday.
            (S.cst(2026, 3, 6, 16), 1, S.cst(2026, 3, 10)),
            (S.cst(2026, 3, 7, 9), 1, S.cst(2026, 3, 10)),
            // Friday + 5 → next Friday.
            (S.cst(2026, 3, 6, 9), 5, S.cst(2026, 3, 14)),
          ])
    func acrossWeekends(start: Date, days: Int, due: Date) {
        let deadline = calendar.deadline(after: start, workingDays: days)
        #expect(deadline.due == due)
        #expect(!deadline.provisional)
    }

    @Test("Spring Festival 2026: the adjusted Saturday 2-14 counts, 2-15…2-23 do not",
          arguments: [
            (S.cst(2026, 2, 13, 10), 1, S.cst(2026, 2, 15)),
            (S.cst(2026, 2, 13, 10), 2, S.cst(2026, 2, 25)),
            (S.cst(2026, 2, 12, 10), 5, S.cst(2026, 2, 27)),
            // Issued on a holiday: counting starts the next day, still inside the holiday.
            (S.cst(2026, 2, 18, 10), 1, S.cst(2026, 2, 25)),
            // The adjusted Saturday 2-28 counts after the holiday.
            (S.cst(2026, 2, 27, 10), 1, S.cst(2026, 3, 1)),
          ])
    func springFestival2026(start: Date, days: Int, due: Date) {
        #expect(calendar.deadline(after: start, workingDays: days).due == due)
    }

    @Test("Spring Festival 2025: the adjusted Sunday 1-26 counts, 1-28…2-4 do not",
          arguments: [
            (S.cst(2025, 1, 24, 10), 1, S.cst(2025, 1, 27)),
            (S.cst(2025, 1, 24, 10), 2, S.cst(2025, 1, 28)),
            (S.cst(2025, 1, 24, 10), 3, S.cst(2025, 2, 6)),
          ])
    func springFestival2025(start: Date, days: Int, due: Date) {
        #expect(calendar.deadline(after: start, workingDays: days).due == due)
    }

    @Test("National Day 2026: 10-1…10-7 off, Saturday 10-10 works")
    func nationalDay() {
        #expect(calendar.deadline(after: S.cst(2026, 9, 30, 10), workingDays: 1).due == S.cst(2026, 10, 9))
        #expect(calendar.deadline(after: S.cst(2026, 9, 30, 10), workingDays: 3).due == S.cst(2026, 10, 11))
        // The adjusted Sunday 9-20 counts before the holiday.
        #expect(calendar.deadline(after: S.cst(2026, 9, 18, 10), workingDays: 1).due == S.cst(2026, 9, 21))
    }

    @Test("a deadline running into 2027 (not yet published) or 2028 (absent) is marked provisional")
    func provisionalYears() {
        let intoNewYear = calendar.deadline(after: S.cst(2026, 12, 31, 10), workingDays: 1)
        #expect(intoNewYear.due == S.cst(2027, 1, 5))
        #expect(intoNewYear.provisional)
        let beyond = calendar.deadline(after: S.cst(2027, 12, 30, 10), workingDays: 3)
        #expect(beyond.provisional)
        #expect(beyond.due == S.cst(2028, 1, 5))
    }

    @Test("working days in a span count whole China days only")
    func workingDaysInSpan() {
        #expect(calendar.workingDays(from: S.cst(2026, 2, 13), to: S.cst(2026, 2, 27)) == 5)
        #expect(calendar.workingDays(from: S.cst(2026, 3, 2, 10), to: S.cst(2026, 3, 4)) == 1)
        #expect(calendar.workingDays(from: S.cst(2026, 3, 4), to: S.cst(2026, 3, 2)) == 0)
    }

    @Test("deadlines read as people say them: midnight is 24:00 of the day before")
    func dueText() {
        #expect(ChinaTime.dueText(S.cst(2026, 2, 15)) == "2月14日24时")
        #expect(ChinaTime.dueText(S.cst(2026, 3, 3, 17, 30)) == "3月3日17时30分")
        #expect(ChinaTime.text(S.cst(2026, 3, 3, 9, 5)) == "2026年3月3日 09:05")
    }

    @Test("the calendar refuses a working 'weekend' on a weekday, overlaps, duplicates and a missing source")
    func calendarValidation() {
        let day = { (m: Int, d: Int) in CivilDate(year: 2026, month: m, day: d)! }
        do {
            _ = try HolidayCalendar(years: [
                .init(year: 2026, source: "", provisional: false,
                      holidays: [.init(nameZh: "春节", from: day(2, 15), through: day(2, 23)), .init(nameZh: "重复", from: day(2, 23), through: day(2, 24))],
                      adjustedWorkdays: [.init(day: day(3, 2), forHoliday: "春节"), .init(day: day(2, 14), forHoliday: "春节")]),
                .init(year: 2026, source: "x", provisional: false, holidays: [], adjustedWorkdays: []),
            ])
            Issue.record("an inconsistent calendar was accepted")
        } catch {
            let messages = error.problems.map(\.message)
            #expect(messages.contains("年份重复"))
            #expect(messages.contains { $0.contains("须注明来源") })
            #expect(messages.contains("2026-02-23 重复列为假日"))
            #expect(messages.contains { $0.contains("调休上班日应为周六或周日，2026-03-02 是周一") })
        }
    }

    @Test("the holiday file reader names the unknown field and the bad date")
    func holidayFileErrors() {
        let unknown = #"{"format": "duban.supervision.holidays.v1", "years": [{"year": 2026, "source": "s", "provisional": false, "holiday": []}]}"#
        #expect(throws: CatalogueError.self) { try HolidayCalendarDocument.parse(Data(unknown.utf8), file: "h.json") }
        do {
            _ = try HolidayCalendarDocument.parse(Data(unknown.utf8), file: "h.json")
        } catch {
            #expect(error.problems.first?.field == "years[0].holiday")
            #expect(error.problems.first?.message.contains("未知字段「holiday」") == true)
        }
        let badDate = #"{"format": "duban.supervision.holidays.v1", "years": [{"year": 2026, "source": "s", "provisional": false, "holidays": [{"name": "元旦", "from": "2026-1-1", "to": "2026-01-01"}]}]}"#
        do {
            _ = try HolidayCalendarDocument.parse(Data(badDate.utf8), file: "h.json")
            Issue.record("a bad date was accepted")
        } catch {
            #expect(error.problems == [.init(record: "h.json#years[0]", field: "holidays[0].from", message: "日期「2026-1-1」应为 YYYY-MM-DD")])
        }
    }
}
