public import Foundation

/// The holiday calendar file (`data/supervision/holidays.json`, format
/// `duban.supervision.holidays.v1`): per year, the State Council's holidays and adjusted working
/// weekends, with the notice they come from.
public enum HolidayCalendarDocument {
    public static let format = "duban.supervision.holidays.v1"

    public static func parse(_ data: Data, file: String) throws(CatalogueError) -> HolidayCalendar {
        let root = try StrictJSON.decode(Root.self, from: data, file: file)
        var problems: [CatalogueError.Problem] = []
        if root.format != format {
            problems.append(.init(record: file, field: "format", message: "不支持的格式「\(root.format)」，应为 \(format)"))
        }
        var years: [HolidayCalendar.Year] = []
        for (index, year) in root.years.enumerated() {
            let record = "\(file)#years[\(index)]"
            var holidays: [HolidayCalendar.Holiday] = []
            for (position, holiday) in year.holidays.enumerated() {
                let field = "holidays[\(position)]"
                guard let from = StrictJSON.date(holiday.from, record: record, field: "\(field).from", into: &problems),
                      let through = StrictJSON.date(holiday.to, record: record, field: "\(field).to", into: &problems) else { continue }
                holidays.append(.init(nameZh: holiday.name, from: from, through: through))
            }
            var adjusted: [HolidayCalendar.AdjustedWorkday] = []
            for (position, workday) in year.adjustedWorkdays.enumerated() {
                guard let day = StrictJSON.date(workday.date, record: record, field: "adjustedWorkdays[\(position)].date", into: &problems) else { continue }
                adjusted.append(.init(day: day, forHoliday: workday.for))
            }
            years.append(.init(year: year.year, source: year.source, provisional: year.provisional, holidays: holidays, adjustedWorkdays: adjusted))
        }
        guard problems.isEmpty else { throw CatalogueError(problems: problems) }
        do {
            return try HolidayCalendar(years: years)
        } catch {
            throw CatalogueError(problems: error.problems.map { .init(record: "\(file)#\($0.record)", field: $0.field, message: $0.message) })
        }
    }

    private struct Root: Decodable {
        var format: String
        var note: String?
        var years: [YearEntry]

        init(from decoder: any Decoder) throws {
            try StrictJSON.rejectUnknownKeys(decoder, allowed: ["format", "note", "years"])
            let container = try decoder.container(keyedBy: StrictJSON.AnyKey.self)
            format = try container.required("format", as: String.self)
            note = try container.optional("note", as: String.self)
            years = try container.required("years", as: [YearEntry].self)
        }
    }

    private struct YearEntry: Decodable {
        var year: Int
        var source: String
        var provisional: Bool
        var holidays: [HolidayEntry]
        var adjustedWorkdays: [WorkdayEntry]

        init(from decoder: any Decoder) throws {
            try StrictJSON.rejectUnknownKeys(decoder, allowed: ["year", "source", "provisional", "note", "holidays", "adjustedWorkdays"])
            let container = try decoder.container(keyedBy: StrictJSON.AnyKey.self)
            year = try container.required("year", as: Int.self)
            source = try container.required("source", as: String.self)
            provisional = try container.required("provisional", as: Bool.self)
            holidays = try container.required("holidays", as: [HolidayEntry].self)
            adjustedWorkdays = try container.optional("adjustedWorkdays", as: [WorkdayEntry].self) ?? []
        }
    }

    private struct HolidayEntry: Decodable {
        var name: String
        var from: String
        var to: String

        init(from decoder: any Decoder) throws {
            try StrictJSON.rejectUnknownKeys(decoder, allowed: ["name", "from", "to"])
            let container = try decoder.container(keyedBy: StrictJSON.AnyKey.self)
            name = try container.required("name", as: String.self)
            from = try container.required("from", as: String.self)
            to = try container.required("to", as: String.self)
        }
    }

    private struct WorkdayEntry: Decodable {
        var date: String
        var `for`: String

        init(from decoder: any Decoder) throws {
            try StrictJSON.rejectUnknownKeys(decoder, allowed: ["date", "for"])
            let container = try decoder.container(keyedBy: StrictJSON.AnyKey.self)
            date = try container.required("date", as: String.self)
            self.for = try container.required("for", as: String.self)
        }
    }
}
