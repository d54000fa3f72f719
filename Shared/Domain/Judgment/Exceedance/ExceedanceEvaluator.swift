import Foundation

/// Exceedance (超标, judgment.md §3): air on the valid hourly mean of the O2-converted
/// concentration, water on the valid daily mean, each configurable per outlet. The limit is the
/// one in force at the judged period (hour by hour), never one limit for a whole range.
public struct ExceedanceEvaluator: Sendable {
    /// What the conversion to the judged value needs, hour by hour (arrays aligned with the
    /// factor's hours).
    public struct Conversion: Sendable {
        /// The O2 factor's hours (a19001), same hours as the factor.
        public var oxygen: [PeriodMean]?
        /// The device's converted hourly means (ZsAvg), used only where no valid O2 mean exists.
        public var deviceConverted: [Double?]?
        public var measurement: MeasurementBasis
        /// Flue conditions per hour, needed when `measurement` is not dry standard.
        public var conditions: [FlueGasConditions?]?

        public init(oxygen: [PeriodMean]? = nil, deviceConverted: [Double?]? = nil, measurement: MeasurementBasis = .reported,
                    conditions: [FlueGasConditions?]? = nil) {
            self.oxygen = oxygen
            self.deviceConverted = deviceConverted
            self.measurement = measurement
            self.conditions = conditions
        }
    }

    public let rules: JudgmentRules

    public init(rules: JudgmentRules) { self.rules = rules }

    /// Judges every hour against the limit of `limits` in force at that hour. With an hourly
    /// schedule this is the air rule; with a daily schedule it gives the converted hourly values
    /// that `judgeDays` averages (and that feed water pre-warnings).
    public func judgeHours(_ hours: [PeriodMean], conversion: Conversion = Conversion(), limits: LimitSchedule,
                           marks: [MarkCoverage] = []) throws(JudgmentInputError) -> [JudgedPeriod] {
        try checkAligned(hours, conversion)
        let sortedMarks = marks.sorted()
        return hours.indices.map { index in
            let hour = hours[index]
            let oxygen = conversion.oxygen?[index].validValue
            let device = conversion.deviceConverted?[index]
            return judge(hour, basis: .hour, selection: limits.selection(at: hour.start), oxygen: oxygen, deviceConverted: device,
                         measurement: conversion.measurement, conditions: conversion.conditions?[index], marks: sortedMarks)
        }
    }

    /// Judges China-time days on the daily mean of the converted hourly values (`judgedHours`
    /// from `judgeHours` with the daily schedule, `hours` the factor's hours they came from),
    /// flow-weighted with the flow factor's hours, valid by the day rule of the medium.
    public func judgeDays(_ judgedHours: [JudgedPeriod], hours: [PeriodMean], flow: [PeriodMean]? = nil, medium: Medium,
                          expectedValuesPerDay: Int = 24, limits: LimitSchedule, oxygen: [PeriodMean]? = nil,
                          marks: [MarkCoverage] = [], deviceMeans: [CivilDate: Double] = [:]) throws(JudgmentInputError) -> [JudgedPeriod] {
        guard judgedHours.count == hours.count, zip(judgedHours, hours).allSatisfy({ $0.start == $1.start }) else {
            throw JudgmentInputError(.gridMismatch, "已判定的小时与小时均值须逐一对应")
        }
        let converted = zip(judgedHours, hours).map { judged, hour -> PeriodMean in
            var mean = hour
            mean.value = judged.value
            return mean
        }
        let aggregator = PeriodAggregator(rules: rules)
        let days = try aggregator.daily(converted, flow: flow, medium: medium, expectedValuesPerDay: expectedValuesPerDay,
                                        deviceMeans: deviceMeans)
        let measured = try aggregator.daily(hours, flow: flow, medium: medium, expectedValuesPerDay: expectedValuesPerDay)
        let oxygenDays = try oxygen.map { hours throws(JudgmentInputError) in try aggregator.daily(hours, medium: medium) }
        let sortedMarks = marks.sorted()
        return days.indices.map { index in
            let day = days[index]
            let selection = limits.selection(at: day.start)
            var period = judge(day, basis: .day, selection: selection, oxygen: nil, deviceConverted: nil, measurement: .reported,
                               conditions: nil, marks: sortedMarks, alreadyConverted: true)
            period.measuredMean = measured[index].value
            period.oxygenMean = oxygenDays?.first { $0.start == day.start }?.validValue
            return period
        }
    }

    private func checkAligned(_ hours: [PeriodMean], _ conversion: Conversion) throws(JudgmentInputError) {
        if let oxygen = conversion.oxygen,
           oxygen.count != hours.count || !zip(oxygen, hours).allSatisfy({ $0.start == $1.start }) {
            throw JudgmentInputError(.gridMismatch, "氧含量小时均值须与污染物小时均值逐一对应")
        }
        if let device = conversion.deviceConverted, device.count != hours.count {
            throw JudgmentInputError(.gridMismatch, "设备折算值须与小时均值逐一对应（\(device.count) 对 \(hours.count)）")
        }
        if let conditions = conversion.conditions, conditions.count != hours.count {
            throw JudgmentInputError(.gridMismatch, "烟气参数须与小时均值逐一对应（\(conditions.count) 对 \(hours.count)）")
        }
    }

    private func judge(_ mean: PeriodMean, basis: AveragingBasis, selection: LimitSelection?, oxygen: Double?,
                       deviceConverted: Double?, measurement: MeasurementBasis, conditions: FlueGasConditions?,
                       marks: [MarkCoverage], alreadyConverted: Bool = false) -> JudgedPeriod {
        var period = JudgedPeriod(
            basis: basis, start: mean.start, end: mean.end, outcome: .invalid, value: nil, valueSource: nil,
            measuredMean: mean.value, oxygenMean: oxygen, referenceO2: nil, oxygenNear21: false, limit: nil, multiple: nil,
            severity: 0, validCount: mean.validCount, requiredCount: mean.requiredCount, weighting: mean.weighting,
            meanSource: mean.source, minutes: mean.minutes, noValueReason: nil, markIds: marks.filter { $0.overlaps(start: mean.start, end: mean.end) }.map(\.markId))
        guard mean.isValid, let measured = mean.value else { return period }
        guard let selected = selection?.selected else {
            period.outcome = .noLimit
            return period
        }
        let limit = LimitReference(selected: selected)
        period.limit = limit
        period.referenceO2 = limit.referenceO2
        let prepared: Double
        do {
            prepared = try measurement.prepare(measured, conditions: conditions)
        } catch {
            period.outcome = .noValue
            period.noValueReason = error.code.rawValue
            return period
        }
        period.measuredMean = prepared
        if alreadyConverted {
            period.value = prepared
            period.valueSource = .dailyMeanOfHours
        } else if let referenceO2 = limit.referenceO2 {
            if let oxygen {
                let converted = OxygenReference.convert(concentration: prepared, measuredO2: oxygen, referenceO2: referenceO2, rules: rules)
                period.value = converted.value
                period.oxygenNear21 = converted.oxygenNear21
                period.valueSource = .recomputedFromO2
            } else if let deviceConverted {
                period.value = deviceConverted
                period.valueSource = .deviceConverted
            } else {
                period.outcome = .noValue
                period.noValueReason = "no-valid-oxygen"
                return period
            }
        } else {
            period.value = prepared
            period.valueSource = .measured
        }
        guard mean.isValidAfterExemption else {
            period.outcome = .exempted
            return period
        }
        let verdict = Self.compare(period.value!, with: limit.limit)
        period.outcome = verdict.exceeded ? .exceeded : .withinLimit
        period.multiple = verdict.multiple
        period.severity = verdict.severity
        return period
    }

    /// 超标倍数 = value / limit − 1 for an upper limit; a range (pH 6–9) is broken on either side
    /// and has no multiple, only a severity (relative distance past the bound).
    static func compare(_ value: Double, with limit: LimitValue) -> (exceeded: Bool, multiple: Double?, severity: Double) {
        switch limit {
        case .maximum(let upper):
            guard value > upper else { return (false, nil, 0) }
            let multiple = upper > 0 ? value / upper - 1 : Double.infinity
            return (true, multiple, multiple)
        case .range(let lower, let upper):
            if value > upper { return (true, nil, upper > 0 ? value / upper - 1 : .infinity) }
            if value < lower { return (true, nil, lower > 0 ? (lower - value) / lower : .infinity) }
            return (false, nil, 0)
        }
    }
}
