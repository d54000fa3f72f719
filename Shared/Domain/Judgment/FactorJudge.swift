public import Foundation

/// The one call a service makes with the stored series of one outlet's factor in hand: validity,
/// hourly/daily/monthly means, conversion, exceedance per configured basis with episodes, abnormal
/// operation, suspicions and data quality, all by one rules version. Outlet-wide steps are
/// separate: `QuarterlyGapExemption` (gaps of all factors), `FalsificationDetector.oxygenNear21`,
/// `EmissionAmounts` and `TotalQuantityCheck`.
public struct FactorJudge: Sendable {
    /// The stored data of one factor at the point: minute data and/or the device's hours, the
    /// device's daily means, and the marks covering the factor (equipment marks on it,
    /// working-condition marks on the unit behind the outlet).
    public struct FactorData: Sendable {
        public var factor: String
        /// CN 2051 (1 or 10 minutes), starting on an hour and covering whole hours.
        public var minutes: SampleSeries?
        /// CN 2061 on the hourly grid.
        public var deviceHours: SampleSeries?
        /// CN 2031 daily means by China-time day.
        public var deviceDays: [CivilDate: Double]
        public var marks: [MarkCoverage]

        public init(factor: String, minutes: SampleSeries? = nil, deviceHours: SampleSeries? = nil, deviceDays: [CivilDate: Double] = [:],
                    marks: [MarkCoverage] = []) {
            self.factor = factor
            self.minutes = minutes
            self.deviceHours = deviceHours
            self.deviceDays = deviceDays
            self.marks = marks
        }
    }

    public struct Input: Sendable {
        public var outletId: String
        public var pointId: String
        public var medium: Medium
        public var pollutant: FactorData
        /// The flow factor (a00000 standard dry flow, w00000): weights the means.
        public var flow: FactorData?
        /// O2 (a19001), for the reference-O2 conversion.
        public var oxygen: FactorData?
        /// A production-load parameter (i33400…), hourly: evidence for flat-while-load-swings.
        public var load: FactorData?
        /// The hourly limits, when the outlet is judged on hourly means (air by default).
        public var hourLimits: LimitSchedule?
        /// The daily limits, when the outlet is judged on daily means (water by default; some
        /// provinces also for air).
        public var dayLimits: LimitSchedule?
        /// The device's converted hourly means (ZsAvg) by hour start.
        public var deviceConverted: [Date: Double]
        public var measurement: MeasurementBasis
        /// Flue conditions by hour start, when `measurement` needs them.
        public var conditions: [Date: FlueGasConditions]
        public var stopped: [TimeSpan]
        public var rangeHigh: Double?
        /// i12001 on the pollutant's minute grid (or hourly grid without minutes).
        public var equipmentStatus: SampleSeries?
        public var expectedValuesPerDay: Int

        public init(outletId: String, pointId: String, medium: Medium, pollutant: FactorData, flow: FactorData? = nil,
                    oxygen: FactorData? = nil, load: FactorData? = nil, hourLimits: LimitSchedule? = nil, dayLimits: LimitSchedule? = nil,
                    deviceConverted: [Date: Double] = [:], measurement: MeasurementBasis = .reported,
                    conditions: [Date: FlueGasConditions] = [:], stopped: [TimeSpan] = [], rangeHigh: Double? = nil,
                    equipmentStatus: SampleSeries? = nil, expectedValuesPerDay: Int = 24) {
            self.outletId = outletId
            self.pointId = pointId
            self.medium = medium
            self.pollutant = pollutant
            self.flow = flow
            self.oxygen = oxygen
            self.load = load
            self.hourLimits = hourLimits
            self.dayLimits = dayLimits
            self.deviceConverted = deviceConverted
            self.measurement = measurement
            self.conditions = conditions
            self.stopped = stopped
            self.rangeHigh = rangeHigh
            self.equipmentStatus = equipmentStatus
            self.expectedValuesPerDay = expectedValuesPerDay
        }
    }

    public let rules: JudgmentRules
    public let flagEffects: FlagEffects

    public init(rules: JudgmentRules, flagEffects: FlagEffects) {
        self.rules = rules
        self.flagEffects = flagEffects
    }

    public func judge(_ input: Input) throws(JudgmentInputError) -> FactorJudgment {
        let validity = SampleValidity(flagEffects: flagEffects)
        let aggregator = PeriodAggregator(rules: rules)
        let evaluator = ExceedanceEvaluator(rules: rules)
        let factor = input.pollutant.factor

        guard let base = input.pollutant.minutes ?? input.pollutant.deviceHours else {
            throw JudgmentInputError(.missingInput, "因子 \(factor) 既无分钟数据也无小时数据")
        }
        let resolvedBase = validity.resolve(base, marks: input.pollutant.marks)
        let flowHours = try input.flow.map { flow throws(JudgmentInputError) in try self.hours(of: flow, validity, aggregator) }
        let hours: [PeriodMean]
        if input.pollutant.minutes != nil {
            // Flow weights minutes only when it is on the same grid; otherwise it weights days.
            let sameGridFlow = input.flow?.minutes.flatMap { $0.hasSameGrid(as: base) ? validity.resolve($0, marks: input.flow!.marks) : nil }
            let device = input.pollutant.deviceHours.map { validity.resolve($0, marks: input.pollutant.marks) }
            hours = try aggregator.hourly(resolvedBase, flow: sameGridFlow, deviceHours: device)
        } else {
            hours = try aggregator.hourly(deviceHours: resolvedBase)
        }
        let alignedFlow = flowHours.map { Self.align($0, to: hours) }
        let days = try aggregator.daily(hours, flow: alignedFlow, medium: input.medium, expectedValuesPerDay: input.expectedValuesPerDay,
                                        deviceMeans: input.pollutant.deviceDays)
        let flowDays = try alignedFlow.map { flow throws(JudgmentInputError) in
            try aggregator.daily(flow, medium: input.medium, expectedValuesPerDay: input.expectedValuesPerDay)
        }
        let months = try aggregator.monthly(days, flow: flowDays)

        let oxygenHours = try input.oxygen.map { oxygen throws(JudgmentInputError) in Self.align(try self.hours(of: oxygen, validity, aggregator), to: hours) }
        let conversion = ExceedanceEvaluator.Conversion(
            oxygen: oxygenHours, deviceConverted: input.deviceConverted.isEmpty ? nil : hours.map { input.deviceConverted[$0.start] },
            measurement: input.measurement, conditions: input.conditions.isEmpty ? nil : hours.map { input.conditions[$0.start] })

        var judgedHours: [JudgedPeriod] = []
        var judgedDays: [JudgedPeriod] = []
        var episodes: [ExceedanceEpisode] = []
        if let hourLimits = input.hourLimits {
            judgedHours = try evaluator.judgeHours(hours, conversion: conversion, limits: hourLimits, marks: input.pollutant.marks)
            episodes += ExceedanceEpisode.form(from: judgedHours, outletId: input.outletId, factor: factor, rulesVersion: rules.version)
        }
        if let dayLimits = input.dayLimits {
            let converted = try evaluator.judgeHours(hours, conversion: conversion, limits: dayLimits, marks: input.pollutant.marks)
            if input.hourLimits == nil { judgedHours = converted }
            judgedDays = try evaluator.judgeDays(converted, hours: hours, flow: alignedFlow, medium: input.medium,
                                                 expectedValuesPerDay: input.expectedValuesPerDay, limits: dayLimits, oxygen: oxygenHours,
                                                 marks: input.pollutant.marks, deviceMeans: input.pollutant.deviceDays)
            episodes += ExceedanceEpisode.form(from: judgedDays, outletId: input.outletId, factor: factor, rulesVersion: rules.version)
        }

        let report = try AbnormalOperationDetector(rules: rules).detect(
            resolvedBase, outletId: input.outletId, factor: factor, stopped: input.stopped, rangeHigh: input.rangeHigh,
            equipmentStatus: input.equipmentStatus)

        let detector = FalsificationDetector(rules: rules)
        var suspicions: [FalsificationSuspicion] = []
        if let load = input.load {
            let loadHours = Self.align(try self.hours(of: load, validity, aggregator), to: hours)
            suspicions += detector.flatWhileLoadSwings(outletId: input.outletId, factor: factor, hours: hours, load: loadHours)
        }
        if input.hourLimits != nil {
            suspicions += detector.clusteringUnderLimit(outletId: input.outletId, factor: factor, judged: judgedHours)
        }
        if let device = conversion.deviceConverted, !judgedHours.isEmpty {
            suspicions += try detector.convertedMismatch(outletId: input.outletId, factor: factor, judged: judgedHours, deviceConverted: device)
        }
        suspicions.sort { ($0.start, $0.kind.rawValue, $0.id) < ($1.start, $1.kind.rawValue, $1.id) }

        let quality = DataQuality.figures(subject: input.pointId, factor: factor, resolved: resolvedBase, rules: rules)
        return FactorJudgment(outletId: input.outletId, pointId: input.pointId, factor: factor, rulesVersion: rules.version, hours: hours,
                              days: days, months: months, judgedHours: judgedHours, judgedDays: judgedDays, episodes: episodes,
                              gaps: report.gaps, abnormal: report.findings, suspicions: suspicions, qualityDays: quality.days,
                              qualityMonths: quality.months)
    }

    /// Hours of a secondary factor (flow, O2, load) from whatever it has.
    private func hours(of data: FactorData, _ validity: SampleValidity, _ aggregator: PeriodAggregator) throws(JudgmentInputError) -> [PeriodMean] {
        if let minutes = data.minutes {
            return try aggregator.hourly(validity.resolve(minutes, marks: data.marks),
                                         deviceHours: data.deviceHours.map { validity.resolve($0, marks: data.marks) })
        }
        if let hours = data.deviceHours { return try aggregator.hourly(deviceHours: validity.resolve(hours, marks: data.marks)) }
        throw JudgmentInputError(.missingInput, "因子 \(data.factor) 既无分钟数据也无小时数据")
    }

    /// `hours` re-laid on the starts of `reference`; an hour it lacks is an empty, invalid hour.
    static func align(_ hours: [PeriodMean], to reference: [PeriodMean]) -> [PeriodMean] {
        if hours.count == reference.count, zip(hours, reference).allSatisfy({ $0.start == $1.start }) { return hours }
        let byStart = Dictionary(hours.map { ($0.start, $0) }, uniquingKeysWith: { a, _ in a })
        return reference.map { hour in
            byStart[hour.start] ?? PeriodMean(
                level: .hour, start: hour.start, end: hour.end, source: .recomputed, value: nil, validCount: 0,
                requiredCount: hour.requiredCount, expectedCount: 60, rawValue: nil, rawValidCount: 0, exemptValidCount: 0,
                weighting: .arithmetic, minutes: { var minutes = PeriodMean.StatusMinutes(); minutes.missing = 60; return minutes }(),
                deviceMean: nil, deviceMeanMismatch: false)
        }
    }
}
