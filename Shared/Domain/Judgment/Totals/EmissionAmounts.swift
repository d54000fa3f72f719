import Foundation

/// Emission amounts (排放量, judgment.md §1 and §3): per hour, concentration × standard dry flow ×
/// the operating part of the hour, in tonnes. Invalid hours of a running source get HJ 75
/// substitutes (the rules version's table: the largest of the previous N valid hourly values, N
/// by gap length and capture rate) in their own layer.
public struct EmissionAmounts: Sendable {
    /// The unit of the flow hours. Air concentrations are mg/m³ and water mg/L, so the flow is
    /// brought to m³/h for air and L/h for water.
    public enum FlowUnit: String, Sendable, Hashable, Codable {
        /// HJ 212 a00000 (flue gas).
        case cubicMetresPerSecond = "m3/s"
        case cubicMetresPerHour = "m3/h"
        /// HJ 212 w00000 (wastewater).
        case litresPerSecond = "L/s"

        /// Litres per hour of one unit.
        var litresPerHour: Double {
            switch self {
            case .cubicMetresPerSecond: 3_600_000
            case .cubicMetresPerHour: 1000
            case .litresPerSecond: 3600
            }
        }
    }

    public let rules: JudgmentRules

    public init(rules: JudgmentRules) { self.rules = rules }

    /// - Parameters:
    ///   - concentration: the factor's hours, dry standard state, not O2-converted (amounts are what
    ///     left the stack).
    ///   - flow: the standard dry flow's hours (same hours), see `GasConversion.standardDryFlow`.
    ///   - stopped: spans the source did not operate beyond its stop marks.
    ///   - concentrationHistory, flowHistory: the valid hourly values before the first hour, newest
    ///     first (at most `SubstitutionLookback.validHours` are looked at): where a substitute's
    ///     previous valid hours continue once the given hours run out.
    public func hourly(outletId: String, factor: String, medium: Medium, concentration: [PeriodMean], flow: [PeriodMean],
                       flowUnit: FlowUnit, stopped: [TimeSpan] = [], concentrationHistory: [Double] = [],
                       flowHistory: [Double] = []) throws(JudgmentInputError) -> AmountSeries {
        guard concentration.count == flow.count, zip(concentration, flow).allSatisfy({ $0.start == $1.start && $0.level == .hour && $1.level == .hour }) else {
            throw JudgmentInputError(.gridMismatch, "浓度与流量的小时均值须逐一对应")
        }
        let stoppedSpans = TimeSpan.merged(stopped)
        let operatingMinutes = concentration.map { hour -> Int in
            let start = JudgmentClock.seconds(hour.start), end = JudgmentClock.seconds(hour.end)
            let stoppedSeconds = stoppedSpans.reduce(Int64(0)) { total, span in
                total + max(0, min(end, JudgmentClock.seconds(span.end)) - max(start, JudgmentClock.seconds(span.start)))
            }
            return max(0, 60 - hour.minutes.outOfService - Int(stoppedSeconds / 60))
        }
        let operating = operatingMinutes.map { $0 > 0 }
        let concentrationValues = Substitutes(values: concentration.map(\.validValue), operating: operating, history: concentrationHistory,
                                              rules: rules.substitution)
        let flowValues = Substitutes(values: flow.map(\.validValue), operating: operating, history: flowHistory, rules: rules.substitution)
        // mg × 1e-9 = t; flow in L/h for mg/L, in m³/h (L/h ÷ 1000) for mg/m³.
        let volumePerUnit = medium == .water ? flowUnit.litresPerHour : flowUnit.litresPerHour / 1000

        var hours: [HourlyAmount] = []
        hours.reserveCapacity(concentration.count)
        var measured = 0.0, substituted = 0.0, unknown = 0
        for index in concentration.indices {
            let minutes = operatingMinutes[index]
            guard minutes > 0 else {
                hours.append(HourlyAmount(start: concentration[index].start, layer: .notOperating, tonnes: 0, concentration: nil, flow: nil,
                                          concentrationSubstituted: false, flowSubstituted: false, operatingMinutes: 0))
                continue
            }
            let c = concentrationValues.value(at: index), q = flowValues.value(at: index)
            guard let c, let q else {
                unknown += 1
                hours.append(HourlyAmount(start: concentration[index].start, layer: .unknown, tonnes: 0, concentration: c?.value,
                                          flow: q?.value, concentrationSubstituted: c?.substituted ?? false,
                                          flowSubstituted: q?.substituted ?? false, operatingMinutes: minutes))
                continue
            }
            let tonnes = c.value * q.value * volumePerUnit * Double(minutes) / 60 * 1e-9
            let isSubstituted = c.substituted || q.substituted
            if isSubstituted { substituted += tonnes } else { measured += tonnes }
            hours.append(HourlyAmount(start: concentration[index].start, layer: isSubstituted ? .substituted : .measured, tonnes: tonnes,
                                      concentration: c.value, flow: q.value, concentrationSubstituted: c.substituted,
                                      flowSubstituted: q.substituted, operatingMinutes: minutes))
        }
        return AmountSeries(outletId: outletId, factor: factor, hours: hours, measuredTonnes: measured, substitutedTonnes: substituted,
                            unknownHours: unknown, concentrationCaptureRate: concentrationValues.captureRate,
                            flowCaptureRate: flowValues.captureRate, rulesVersion: rules.version)
    }
}

/// The substitute layer of one quantity: for each run of operating hours without a valid value,
/// the first row of the substitution table that fits the run's length and the capture rate
/// names how many previous valid hours to take the largest of: those before the run among the
/// given hours, then the history before them (newest first).
struct Substitutes {
    let values: [Double?]
    let captureRate: Double?
    private var substitutes: [Int: Double] = [:]

    init(values: [Double?], operating: [Bool], history: [Double] = [], rules: JudgmentRules.Substitution) {
        self.values = values
        let operatingHours = operating.filter { $0 }.count
        let validHours = zip(values, operating).filter { $0 != nil && $1 }.count
        captureRate = operatingHours > 0 ? Double(validHours) / Double(operatingHours) : nil
        var index = 0
        while index < values.count {
            guard operating[index], values[index] == nil else {
                index += 1
                continue
            }
            var end = index
            while end < values.count, operating[end], values[end] == nil { end += 1 }
            let gap = end - index
            let row = rules.rows.first { row in
                (captureRate ?? 0) >= row.minimumCaptureRate && (row.maximumGapHours.map { gap <= $0 } ?? true)
            }
            if let row, let substitute = Self.largestOfPrevious(row.previousValidHours, before: index, in: values, history: history) {
                for hour in index..<end { substitutes[hour] = substitute }
            }
            index = end
        }
    }

    static func largestOfPrevious(_ count: Int, before index: Int, in values: [Double?], history: [Double] = []) -> Double? {
        var found = 0, largest: Double?
        var cursor = index - 1
        while cursor >= 0, found < count {
            if let value = values[cursor] {
                largest = max(largest ?? value, value)
                found += 1
            }
            cursor -= 1
        }
        for value in history.prefix(max(0, count - found)) { largest = max(largest ?? value, value) }
        return largest
    }

    func value(at index: Int) -> (value: Double, substituted: Bool)? {
        if let value = values[index] { return (value, false) }
        return substitutes[index].map { ($0, true) }
    }
}
