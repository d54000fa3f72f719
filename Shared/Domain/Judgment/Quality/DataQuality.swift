import Foundation

/// Counts for the data-quality figures, in one pass over a resolved series.
public enum DataQuality {
    /// Daily and monthly figures of one factor. Expected: the series' slots not out of service;
    /// received: those with a value; valid: those with a valid measured value (after marking).
    /// Days and months are those the series covers; pass whole days for whole-day figures.
    public static func figures(subject: String, factor: String, resolved: ResolvedSeries,
                               rules: JudgmentRules) -> (days: [DataQualityFigure], months: [DataQualityFigure]) {
        let series = resolved.series
        var days: [DataQualityFigure] = []
        var index = 0
        while index < series.count {
            let day = JudgmentClock.chinaDayIndex(series.slotSeconds(index))
            let dayStart = JudgmentClock.chinaDayStart(day)
            var expected = 0, received = 0, valid = 0
            while index < series.count, series.slotSeconds(index) < dayStart + JudgmentClock.day {
                let status = resolved.states[index].status
                if status != .outOfService {
                    expected += 1
                    if series.flags[index] != .absent { received += 1 }
                    if status.isValidMeasurement { valid += 1 }
                }
                index += 1
            }
            days.append(DataQualityFigure(subject: subject, factor: factor, period: .day, start: JudgmentClock.date(dayStart),
                                          end: JudgmentClock.date(dayStart + JudgmentClock.day), expected: expected, received: received,
                                          valid: valid, rulesVersion: rules.version))
        }
        var months: [DataQualityFigure] = []
        for day in days {
            let date = CivilDate(chinaTimeOf: day.start)
            let start = JudgmentClock.date(JudgmentClock.monthStart(of: date))
            if let last = months.last, last.start == start {
                months[months.count - 1].expected += day.expected
                months[months.count - 1].received += day.received
                months[months.count - 1].valid += day.valid
            } else {
                months.append(DataQualityFigure(subject: subject, factor: factor, period: .month, start: start,
                                                end: JudgmentClock.date(JudgmentClock.nextMonthStart(of: date)), expected: day.expected,
                                                received: day.received, valid: day.valid, rulesVersion: rules.version))
            }
        }
        return (days, months)
    }

    /// The point's figure for a period from its factors' figures (counts summed), factor `*`.
    /// Nil when the figures are not all of the same subject and period.
    public static func combined(_ figures: [DataQualityFigure]) -> DataQualityFigure? {
        guard let first = figures.first,
              figures.allSatisfy({ $0.subject == first.subject && $0.period == first.period && $0.start == first.start }) else { return nil }
        var result = first
        result.factor = "*"
        result.expected = figures.reduce(0) { $0 + $1.expected }
        result.received = figures.reduce(0) { $0 + $1.received }
        result.valid = figures.reduce(0) { $0 + $1.valid }
        return result
    }
}
