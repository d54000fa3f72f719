import Foundation

/// Minute → hour → day → month (judgment.md §1, HJ 75-2017): an hour is valid with at least 45
/// valid minutes, a day with at least 20 valid hours (water: a share of the expected values), a
/// month with at least 25 valid days (23 in February), the thresholds coming from the rules
/// version. Means are flow-weighted, Σ(c × q) / Σ(q), where flow is measured. Every level is
/// recomputed from the one below even when the device sent its own mean; the device's mean is
/// kept beside it and a disagreement flagged.
public struct PeriodAggregator: Sendable {
    public let rules: JudgmentRules

    public init(rules: JudgmentRules) { self.rules = rules }

    /// Hours from minute data (CN 2051 at 1 or 10 minutes). `flow` (same grid) weights the mean;
    /// `deviceHours` (hourly grid, CN 2061) are compared with the recomputed hours and stand in
    /// for an hour of which not a single minute was received.
    public func hourly(_ minutes: ResolvedSeries, flow: ResolvedSeries? = nil,
                       deviceHours: ResolvedSeries? = nil) throws(JudgmentInputError) -> [PeriodMean] {
        let series = minutes.series
        let interval = series.intervalSeconds
        guard interval % 60 == 0, interval < 3600 else {
            throw JudgmentInputError(.badInterval, "按分钟数据计算小时均值时，采样间隔须为整分钟且小于 1 小时（现为 \(interval) 秒）")
        }
        guard series.startSeconds % JudgmentClock.hour == 0, series.count % (3600 / interval) == 0 else {
            throw JudgmentInputError(.misaligned, "分钟序列须从整点开始并覆盖整小时（起点 \(series.start)，\(series.count) 个时段）")
        }
        if let flow, !flow.series.hasSameGrid(as: series) {
            throw JudgmentInputError(.gridMismatch, "流量序列须与浓度序列起点、间隔、长度一致")
        }
        if let deviceHours, deviceHours.series.intervalSeconds != 3600 {
            throw JudgmentInputError(.badInterval, "设备小时数据的间隔须为 3600 秒")
        }
        let slotsPerHour = 3600 / interval
        let minutesPerSlot = interval / 60
        let required = rules.aggregation.hourMinimumValidMinutes
        var result: [PeriodMean] = []
        result.reserveCapacity(series.count / slotsPerHour)
        let values = series.values, flags = series.flags, states = minutes.states
        let flowValues = flow?.series.values, flowStates = flow?.states

        for hour in 0..<(series.count / slotsPerHour) {
            let hourStart = series.startSeconds + Int64(hour) * JudgmentClock.hour
            let device = deviceHours.flatMap { deviceSlot(in: $0, at: hourStart) }
            var sums = MeanSums(), rawSums = MeanSums()
            var minuteCounts = PeriodMean.StatusMinutes()
            var validSlots = 0, rawValidSlots = 0, exemptValidSlots = 0, receivedSlots = 0
            for index in (hour * slotsPerHour)..<((hour + 1) * slotsPerHour) {
                let state = states[index]
                minuteCounts.add(state.status, minutesPerSlot)
                if flags[index] != .absent { receivedSlots += 1 }
                let weight = flowStates.map { $0[index].status.isValidMeasurement ? flowValues![index] : 0 }
                let rawWeight = flowStates.map { $0[index].flagStatus.isValidMeasurement ? flowValues![index] : 0 }
                if state.status.isValidMeasurement {
                    validSlots += 1
                    if state.isExempt { exemptValidSlots += 1 }
                    sums.add(values[index], weight: weight)
                }
                if state.flagStatus.isValidMeasurement {
                    rawValidSlots += 1
                    rawSums.add(values[index], weight: rawWeight)
                }
            }
            if receivedSlots == 0, let device {
                result.append(deviceHour(device, start: hourStart))
                continue
            }
            let rawValue = rawSums.mean(flowMeasured: flow != nil).value
            let (value, weighting) = sums.mean(flowMeasured: flow != nil)
            result.append(PeriodMean(
                level: .hour, start: JudgmentClock.date(hourStart), end: JudgmentClock.date(hourStart + JudgmentClock.hour),
                source: .recomputed, value: value, validCount: validSlots * minutesPerSlot, requiredCount: required, expectedCount: 60,
                rawValue: rawValue, rawValidCount: rawValidSlots * minutesPerSlot, exemptValidCount: exemptValidSlots * minutesPerSlot,
                weighting: weighting, minutes: minuteCounts, deviceMean: device?.value,
                deviceMeanMismatch: mismatch(device: device?.value, recomputed: rawValue)))
        }
        return result
    }

    /// Hours of a point that sends hourly data only (CN 2061): each hour is the device's, valid by
    /// its flag and the marks covering it.
    public func hourly(deviceHours: ResolvedSeries) throws(JudgmentInputError) -> [PeriodMean] {
        guard deviceHours.series.intervalSeconds == 3600 else {
            throw JudgmentInputError(.badInterval, "设备小时数据的间隔须为 3600 秒（现为 \(deviceHours.series.intervalSeconds) 秒）")
        }
        return (0..<deviceHours.series.count).map { index in
            deviceHour(DeviceSlot(value: deviceHours.series.values[index], flag: deviceHours.series.flags[index],
                                  state: deviceHours.states[index]),
                       start: deviceHours.series.slotSeconds(index))
        }
    }

    /// China-time days from hours. Air: valid with `dayMinimumValidHours` valid hours. Water: valid
    /// with `dayMinimumValidShare` of `expectedValuesPerDay` (24 for an hourly analyser, 12 for one
    /// measuring every two hours). `flow` holds the flow factor's hours (same hours) and weights
    /// the mean; `deviceMeans` are the device's daily means (CN 2031) by day.
    public func daily(_ hours: [PeriodMean], flow: [PeriodMean]? = nil, medium: Medium, expectedValuesPerDay: Int = 24,
                      deviceMeans: [CivilDate: Double] = [:]) throws(JudgmentInputError) -> [PeriodMean] {
        guard (1...24).contains(expectedValuesPerDay) else {
            throw JudgmentInputError(.badInterval, "每日应有数据个数须在 1–24 之间（现为 \(expectedValuesPerDay)）")
        }
        let required = medium == .air
            ? rules.aggregation.dayMinimumValidHours
            : Int((rules.water.dayMinimumValidShare * Double(expectedValuesPerDay)).rounded(.up))
        return try combine(hours, weights: flow, level: .day, expectedLevel: .hour) { start in
            let day = JudgmentClock.chinaDayIndex(start)
            let dayStart = JudgmentClock.chinaDayStart(day)
            return Group(key: day, start: dayStart, end: dayStart + JudgmentClock.day,
                         expected: medium == .air ? 24 : expectedValuesPerDay, required: required,
                         deviceMean: deviceMeans[JudgmentClock.civilDate(chinaDayIndex: day)])
        }
    }

    /// China-time months from days: valid with `monthMinimumValidDays` valid days
    /// (`februaryMinimumValidDays` in February). `flow` holds the flow factor's days.
    public func monthly(_ days: [PeriodMean], flow: [PeriodMean]? = nil) throws(JudgmentInputError) -> [PeriodMean] {
        try combine(days, weights: flow, level: .month, expectedLevel: .day) { start in
            let date = JudgmentClock.civilDate(start)
            return Group(key: Int64(date.year * 12 + date.month), start: JudgmentClock.monthStart(of: date),
                         end: JudgmentClock.nextMonthStart(of: date), expected: JudgmentClock.daysInMonth(of: date),
                         required: rules.monthMinimumValidDays(month: date.month), deviceMean: nil)
        }
    }

    // MARK: - Internals

    struct DeviceSlot {
        var value: Double
        var flag: DataFlag
        var state: SampleState
    }

    private func deviceSlot(in hours: ResolvedSeries, at start: Int64) -> DeviceSlot? {
        let offset = start - hours.series.startSeconds
        guard offset >= 0, offset % JudgmentClock.hour == 0 else { return nil }
        let index = Int(offset / JudgmentClock.hour)
        guard index < hours.series.count, hours.series.flags[index] != .absent else { return nil }
        return DeviceSlot(value: hours.series.values[index], flag: hours.series.flags[index], state: hours.states[index])
    }

    private func deviceHour(_ slot: DeviceSlot, start: Int64) -> PeriodMean {
        let valid = slot.flag != .absent && slot.state.status.isValidMeasurement
        let rawValid = slot.flag != .absent && slot.state.flagStatus.isValidMeasurement
        var minutes = PeriodMean.StatusMinutes()
        minutes.add(slot.state.status, 60)
        return PeriodMean(
            level: .hour, start: JudgmentClock.date(start), end: JudgmentClock.date(start + JudgmentClock.hour), source: .device,
            value: valid ? slot.value : nil, validCount: valid ? 60 : 0, requiredCount: rules.aggregation.hourMinimumValidMinutes,
            expectedCount: 60, rawValue: rawValid ? slot.value : nil, rawValidCount: rawValid ? 60 : 0,
            exemptValidCount: valid && slot.state.isExempt ? 60 : 0, weighting: .single, minutes: minutes,
            deviceMean: slot.flag != .absent ? slot.value : nil, deviceMeanMismatch: false)
    }

    /// |device − recomputed| > max(absolute, relative × |recomputed|).
    func mismatch(device: Double?, recomputed: Double?) -> Bool {
        guard let device, let recomputed else { return false }
        let tolerance = max(rules.deviceMean.absoluteTolerance, rules.deviceMean.relativeTolerance * abs(recomputed))
        return abs(device - recomputed) > tolerance
    }

    struct Group {
        var key: Int64
        var start: Int64
        var end: Int64
        var expected: Int
        var required: Int
        var deviceMean: Double?
    }

    /// Groups consecutive lower-level means by `group(start)` and averages the valid ones.
    private func combine(_ lower: [PeriodMean], weights: [PeriodMean]?, level: PeriodMean.Level, expectedLevel: PeriodMean.Level,
                         group: (Int64) -> Group) throws(JudgmentInputError) -> [PeriodMean] {
        if let weights {
            guard weights.count == lower.count, zip(weights, lower).allSatisfy({ $0.start == $1.start && $0.level == $1.level }) else {
                throw JudgmentInputError(.gridMismatch, "流量的\(expectedLevel.rawValue)均值须与浓度的逐一对应（起点与个数相同）")
            }
        }
        for (index, mean) in lower.enumerated() {
            guard mean.level == expectedLevel else {
                throw JudgmentInputError(.gridMismatch, "第 \(index) 个均值的层级为 \(mean.level.rawValue)，应为 \(expectedLevel.rawValue)")
            }
            if index > 0, lower[index - 1].end > mean.start {
                throw JudgmentInputError(.misaligned, "均值须按时间先后排列且互不重叠（第 \(index) 个起于 \(mean.start)）")
            }
        }
        var result: [PeriodMean] = []
        var index = 0
        while index < lower.count {
            let current = group(JudgmentClock.seconds(lower[index].start))
            var sums = MeanSums(), rawSums = MeanSums()
            var validCount = 0, rawValidCount = 0, exemptValidCount = 0
            var minutes = PeriodMean.StatusMinutes()
            while index < lower.count, group(JudgmentClock.seconds(lower[index].start)).key == current.key {
                let mean = lower[index]
                minutes.add(mean.minutes)
                if mean.isValid, let value = mean.value {
                    validCount += 1
                    if !mean.isValidAfterExemption { exemptValidCount += 1 }
                    sums.add(value, weight: weights.map { $0[index].isValid ? $0[index].value ?? 0 : 0 })
                }
                if mean.isRawValid, let value = mean.rawValue {
                    rawValidCount += 1
                    rawSums.add(value, weight: weights.map { $0[index].isRawValid ? $0[index].rawValue ?? 0 : 0 })
                }
                index += 1
            }
            let rawValue = rawSums.mean(flowMeasured: weights != nil).value
            let (value, weighting) = sums.mean(flowMeasured: weights != nil)
            result.append(PeriodMean(
                level: level, start: JudgmentClock.date(current.start), end: JudgmentClock.date(current.end), source: .recomputed,
                value: value, validCount: validCount, requiredCount: current.required, expectedCount: current.expected,
                rawValue: rawValue, rawValidCount: rawValidCount, exemptValidCount: exemptValidCount, weighting: weighting,
                minutes: minutes, deviceMean: current.deviceMean,
                deviceMeanMismatch: mismatch(device: current.deviceMean, recomputed: rawValue)))
        }
        return result
    }
}

/// Running sums for a mean that is flow-weighted when every value has a positive flow, and
/// plain otherwise (the fallback is named in the result, never silent).
struct MeanSums {
    var count = 0
    var sum = 0.0
    var weightedSum = 0.0
    var weightSum = 0.0
    var weightsComplete = true

    mutating func add(_ value: Double, weight: Double?) {
        count += 1
        sum += value
        guard let weight else { return }
        if weight > 0, weight.isFinite {
            weightedSum += value * weight
            weightSum += weight
        } else {
            weightsComplete = false
        }
    }

    func mean(flowMeasured: Bool) -> (value: Double?, weighting: PeriodMean.Weighting) {
        guard count > 0 else { return (nil, flowMeasured ? .flow : .arithmetic) }
        if flowMeasured, weightsComplete, weightSum > 0 { return (weightedSum / weightSum, .flow) }
        return (sum / Double(count), flowMeasured ? .arithmeticFlowIncomplete : .arithmetic)
    }
}
