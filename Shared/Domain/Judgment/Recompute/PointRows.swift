import Foundation

/// The stored rows of one monitoring point over an hour-aligned span, indexed by factor, and the
/// series `FactorJudge` takes built from them. Shared by every recomputation that judges a
/// point's factors (`ExceedanceRecomputation`, `LevelRecomputation`), so both read the rows the
/// same way: minutes and device hours inside the span, the device's daily means (CN 2031, flag N)
/// wherever they fall, marks applied by outlet, MN and factor.
struct PointRows {
    let values: [StoredValue]
    let start: Date
    let end: Date
    let hourSlots: Int
    /// Positions of each factor's rows, not copies: a year of minutes is millions of rows.
    private(set) var byFactor: [String: [Int]] = [:]

    /// `start` and `end` are hour-aligned, `end > start`.
    init(values: [StoredValue], start: Date, end: Date) {
        self.values = values
        self.start = start
        self.end = end
        hourSlots = Int(end.timeIntervalSince(start) / 3600)
        let span = TimeSpan(start: start, end: end)
        for index in values.indices
        where values[index].level == .day || (values[index].level != .realTime && span?.contains(values[index].dataTime) == true) {
            byFactor[values[index].factor, default: []].append(index)
        }
    }

    /// Factors with minutes or device hours in the span, sorted.
    var factors: [String] {
        byFactor.keys.filter { factor in byFactor[factor]!.contains { values[$0].level == .minute || values[$0].level == .hour } }.sorted()
    }

    /// The factor's minutes, device hours, device days and marks; nil without minutes or hours.
    func data(_ factor: String, subject: RecomputeSubject, marks: [MarkRecord]) throws(JudgmentInputError) -> FactorJudge.FactorData? {
        let rows = byFactor[factor] ?? []
        var minuteCount = 0
        var hourCount = 0
        for index in rows {
            switch values[index].level {
            case .minute: minuteCount += 1
            case .hour: hourCount += 1
            case .day, .realTime: break
            }
        }
        guard minuteCount > 0 || hourCount > 0 else { return nil }
        var minutes: SampleSeries?
        if minuteCount > 0 {
            let interval = ExceedanceRecomputation.minuteInterval(rows.lazy.map { values[$0] }.filter { $0.level == .minute })
            var series = try SampleSeries(start: start, intervalSeconds: interval, count: hourSlots * 3600 / interval)
            for index in rows where values[index].level == .minute { try ExceedanceRecomputation.record(values[index], in: &series) }
            minutes = series
        }
        var hours = try SampleSeries(start: start, intervalSeconds: 3600, count: hourSlots)
        var days: [CivilDate: Double] = [:]
        for index in rows {
            let row = values[index]
            if row.level == .hour { try ExceedanceRecomputation.record(row, in: &hours) }
            if row.level == .day, let value = row.value, DataFlag(code: row.flag) == .n { days[CivilDate(chinaTimeOf: row.dataTime)] = value }
        }
        let coverage = marks.compactMap { mark -> MarkCoverage? in
            guard mark.status == .active, mark.outletId == subject.outletId, mark.mn == nil || mark.mn == subject.mn,
                  mark.factors.isEmpty || mark.factors.contains(factor), mark.start < end, start < mark.end else { return nil }
            return MarkCoverage(markId: mark.id, typeId: mark.typeId, effect: mark.effect, start: mark.start, end: mark.end)
        }.sorted()
        return FactorJudge.FactorData(factor: factor, minutes: minutes, deviceHours: hourCount == 0 ? nil : hours, deviceDays: days,
                                      marks: coverage)
    }

    /// The device's converted hourly means (ZsAvg of CN 2061) by hour start.
    func deviceConverted(_ factor: String) -> [Date: Double] {
        var converted: [Date: Double] = [:]
        for index in byFactor[factor] ?? [] where values[index].level == .hour {
            if let value = values[index].converted { converted[values[index].dataTime] = value }
        }
        return converted
    }

    /// The rows of `factor` in time order (they usually arrive so; sorted only when not).
    func sortedRows(_ factor: String) -> [StoredValue] {
        let rows = (byFactor[factor] ?? []).map { values[$0] }
        if zip(rows, rows.dropFirst()).allSatisfy({ $0.dataTime <= $1.dataTime }) { return rows }
        return rows.sorted { $0.dataTime < $1.dataTime }
    }
}
