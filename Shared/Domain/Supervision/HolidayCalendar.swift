public import Foundation

/// Public holidays and adjusted working weekends (调休上班) in mainland China, per year, as the
/// State Council publishes them each November. Deadlines in working days count on it. A year
/// without a published arrangement falls back to weekends only and says so.
public struct HolidayCalendar: Sendable {
    public struct Holiday: Sendable, Hashable {
        public var nameZh: String
        public var from: CivilDate
        /// Inclusive.
        public var through: CivilDate

        public init(nameZh: String, from: CivilDate, through: CivilDate) {
            self.nameZh = nameZh
            self.from = from
            self.through = through
        }
    }

    public struct AdjustedWorkday: Sendable, Hashable {
        public var day: CivilDate
        /// The holiday it makes up for.
        public var forHoliday: String

        public init(day: CivilDate, forHoliday: String) {
            self.day = day
            self.forHoliday = forHoliday
        }
    }

    public struct Year: Sendable, Hashable {
        public var year: Int
        public var source: String
        /// True until the State Council's arrangement for the year is in the data.
        public var provisional: Bool
        public var holidays: [Holiday]
        public var adjustedWorkdays: [AdjustedWorkday]

        public init(year: Int, source: String, provisional: Bool, holidays: [Holiday], adjustedWorkdays: [AdjustedWorkday]) {
            self.year = year
            self.source = source
            self.provisional = provisional
            self.holidays = holidays
            self.adjustedWorkdays = adjustedWorkdays
        }
    }

    public enum DayKind: Sendable, Hashable {
        case workday
        case weekend
        case holiday(String)
        /// A weekend day that is a working day because of a holiday arrangement.
        case adjustedWorkday(forHoliday: String)

        public var isWorking: Bool {
            switch self {
            case .workday, .adjustedWorkday: true
            case .weekend, .holiday: false
            }
        }
    }

    /// A deadline counted in working days.
    public struct Deadline: Sendable, Hashable {
        /// 24:00 China time of the last working day, as a UTC instant.
        public var due: Date
        public var lastWorkingDay: CivilDate
        /// A year on the way had no published arrangement (weekends only) or a provisional one.
        public var provisional: Bool
    }

    public let years: [Year]
    private let holidayNames: [CivilDate: String]
    private let adjusted: [CivilDate: String]
    private let yearsByNumber: [Int: Year]

    public init(years: [Year]) throws(CatalogueError) {
        var problems: [CatalogueError.Problem] = []
        var holidayNames: [CivilDate: String] = [:]
        var adjusted: [CivilDate: String] = [:]
        var byNumber: [Int: Year] = [:]
        for year in years {
            let record = String(year.year)
            if byNumber.updateValue(year, forKey: year.year) != nil {
                problems.append(.init(record: record, field: "year", message: "年份重复"))
            }
            if year.source.trimmingWhitespace.isEmpty {
                problems.append(.init(record: record, field: "source", message: "须注明来源（国务院办公厅通知）"))
            }
            for holiday in year.holidays {
                let label = "holidays[\(holiday.nameZh)]"
                guard holiday.from <= holiday.through else {
                    problems.append(.init(record: record, field: label, message: "结束日期早于开始日期"))
                    continue
                }
                // A holiday may begin in the previous year's last days only through its own year's
                // arrangement (e.g. 除夕 in late January), so each day must fall in the year or
                // right next to it.
                guard abs(holiday.from.year - year.year) <= 1, abs(holiday.through.year - year.year) <= 1,
                      holiday.through.daysSinceEpoch - holiday.from.daysSinceEpoch < 15 else {
                    problems.append(.init(record: record, field: label, message: "日期不在该年度或假期超过15天"))
                    continue
                }
                var day = holiday.from
                while day <= holiday.through {
                    if holidayNames.updateValue(holiday.nameZh, forKey: day) != nil {
                        problems.append(.init(record: record, field: label, message: "\(day) 重复列为假日"))
                    }
                    day = day.adding(days: 1)
                }
            }
            for workday in year.adjustedWorkdays {
                let label = "adjustedWorkdays[\(workday.day)]"
                if !workday.day.isWeekend {
                    problems.append(.init(record: record, field: label, message: "调休上班日应为周六或周日，\(workday.day) 是\(workday.day.weekdayZh)"))
                }
                if workday.day.year != year.year {
                    problems.append(.init(record: record, field: label, message: "不在 \(year.year) 年"))
                }
                if adjusted.updateValue(workday.forHoliday, forKey: workday.day) != nil {
                    problems.append(.init(record: record, field: label, message: "重复列为调休上班日"))
                }
            }
        }
        for day in adjusted.keys where holidayNames[day] != nil {
            problems.append(.init(record: String(day.year), field: "adjustedWorkdays[\(day)]", message: "同一天既是假日又是调休上班日"))
        }
        guard problems.isEmpty else { throw CatalogueError(problems: problems) }
        self.years = years.sorted { $0.year < $1.year }
        self.holidayNames = holidayNames
        self.adjusted = adjusted
        yearsByNumber = byNumber
    }

    public func kind(of day: CivilDate) -> DayKind {
        if let name = holidayNames[day] { return .holiday(name) }
        if let name = adjusted[day] { return .adjustedWorkday(forHoliday: name) }
        return day.isWeekend ? .weekend : .workday
    }

    public func isWorkingDay(_ day: CivilDate) -> Bool { kind(of: day).isWorking }

    /// True when `year`'s published arrangement is in the data.
    public func isPublished(_ year: Int) -> Bool { yearsByNumber[year].map { !$0.provisional } ?? false }

    /// The deadline `workingDays` working days after `start`: counting begins on the China-time
    /// day after the one containing `start` (the day of issue does not count, as with statutory
    /// time limits), and the deadline is the end (24:00 China time) of the last counted day.
    public func deadline(after start: Date, workingDays: Int) -> Deadline {
        precondition(workingDays >= 1, "a deadline counts at least one working day")
        var day = CivilDate(chinaTimeOf: start)
        var counted = 0
        var provisional = false
        while counted < workingDays {
            day = day.adding(days: 1)
            if !isPublished(day.year) { provisional = true }
            if isWorkingDay(day) { counted += 1 }
        }
        return Deadline(due: day.adding(days: 1).startInChina, lastWorkingDay: day, provisional: provisional)
    }

    /// Working days whose whole China-time day lies in [from, to): for durations in figures.
    public func workingDays(from: Date, to: Date) -> Int {
        guard from < to else { return 0 }
        var day = CivilDate(chinaTimeOf: from)
        if day.startInChina < from { day = day.adding(days: 1) }
        var count = 0
        while day.adding(days: 1).startInChina <= to {
            if isWorkingDay(day) { count += 1 }
            day = day.adding(days: 1)
        }
        return count
    }
}
