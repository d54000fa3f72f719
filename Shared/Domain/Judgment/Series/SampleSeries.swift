public import Foundation

/// The values of one factor at one monitoring point on a regular grid: slot `i` starts at
/// `start + i × interval`. Values and flags are two flat arrays, so a year of minute data is two
/// allocations and judging it allocates nothing per value. A slot with flag `absent` received
/// nothing; its value is ignored.
///
/// Grids: minute data (CN 2051, 60 s or 600 s), hourly data (CN 2061, 3600 s) and, for water,
/// daily data (CN 2031, 86 400 s). The interval divides an hour (or is an hour or a day) so
/// hours and China-time days are whole numbers of slots.
public struct SampleSeries: Sendable, Equatable {
    public let start: Date
    public let intervalSeconds: Int
    public private(set) var values: [Double]
    public private(set) var flags: [DataFlag]

    let startSeconds: Int64

    /// An empty grid of `count` slots, all `absent`.
    public init(start: Date, intervalSeconds: Int, count: Int) throws(JudgmentInputError) {
        try self.init(start: start, intervalSeconds: intervalSeconds, values: Array(repeating: 0, count: count),
                      flags: Array(repeating: .absent, count: count))
    }

    public init(start: Date, intervalSeconds: Int, values: [Double], flags: [DataFlag]) throws(JudgmentInputError) {
        guard intervalSeconds > 0, intervalSeconds == 86_400 || (3600 % intervalSeconds == 0) else {
            throw JudgmentInputError(.badInterval, "采样间隔 \(intervalSeconds) 秒须能整除 3600 秒，或为 86400 秒（日数据）")
        }
        guard let seconds = JudgmentClock.wholeSeconds(start),
              (intervalSeconds == 86_400 ? (seconds + JudgmentClock.chinaOffset) : seconds) % Int64(intervalSeconds) == 0 else {
            throw JudgmentInputError(.misaligned, "序列起点 \(start) 须对齐到 \(intervalSeconds) 秒的整数倍（日数据对齐北京时间 0 点）")
        }
        guard values.count == flags.count else {
            throw JudgmentInputError(.lengthMismatch, "数值 \(values.count) 个，数据标记 \(flags.count) 个，须一一对应")
        }
        for index in values.indices where flags[index] != .absent && !values[index].isFinite {
            throw JudgmentInputError(.notANumber, "第 \(index) 个数值不是有限数（\(values[index])）")
        }
        self.start = start
        self.intervalSeconds = intervalSeconds
        self.values = values
        self.flags = flags
        startSeconds = seconds
    }

    public var count: Int { values.count }

    public var end: Date { JudgmentClock.date(endSeconds) }

    var endSeconds: Int64 { startSeconds + Int64(count) * Int64(intervalSeconds) }

    public func slotStart(_ index: Int) -> Date { JudgmentClock.date(slotSeconds(index)) }

    func slotSeconds(_ index: Int) -> Int64 { startSeconds + Int64(index) * Int64(intervalSeconds) }

    /// The slot that starts exactly at `instant`, or nil when it is off the grid or outside.
    public func index(of instant: Date) -> Int? {
        guard let seconds = JudgmentClock.wholeSeconds(instant) else { return nil }
        let offset = seconds - startSeconds
        guard offset >= 0, offset % Int64(intervalSeconds) == 0 else { return nil }
        let index = Int(offset / Int64(intervalSeconds))
        return index < count ? index : nil
    }

    /// Records the value received for the slot starting at `dataTime` (HJ 212 DataTime is the
    /// period start). Raw values are never overwritten upstream; here the caller decides.
    public mutating func record(at dataTime: Date, value: Double, flag: DataFlag) throws(JudgmentInputError) {
        guard let index = index(of: dataTime) else {
            throw JudgmentInputError(.outsideSeries, "数据时间 \(dataTime) 不在序列 [\(start), \(end)) 的 \(intervalSeconds) 秒网格上")
        }
        try record(index: index, value: value, flag: flag)
    }

    public mutating func record(index: Int, value: Double, flag: DataFlag) throws(JudgmentInputError) {
        guard values.indices.contains(index) else {
            throw JudgmentInputError(.outsideSeries, "第 \(index) 个时段超出序列（共 \(count) 个）")
        }
        guard flag == .absent || value.isFinite else {
            throw JudgmentInputError(.notANumber, "第 \(index) 个数值不是有限数（\(value)）")
        }
        values[index] = value
        flags[index] = flag
    }

    /// True when `other` has the same start, interval and length (flow, O2 and status series are
    /// matched slot by slot).
    public func hasSameGrid(as other: SampleSeries) -> Bool {
        startSeconds == other.startSeconds && intervalSeconds == other.intervalSeconds && count == other.count
    }

    /// The slots a span covers: those it overlaps for at least half their length. Interior slots
    /// are wholly covered, so the result is one contiguous range (nil when empty).
    func slots(coveredBy mark: MarkCoverage) -> ClosedRange<Int>? {
        slots(from: JudgmentClock.seconds(mark.start), to: JudgmentClock.seconds(mark.end))
    }

    func slots(from markStart: Int64, to markEnd: Int64) -> ClosedRange<Int>? {
        let interval = Int64(intervalSeconds)
        guard markEnd > markStart, markStart < endSeconds, markEnd > startSeconds else { return nil }
        var first = max(0, Int(JudgmentClock.floorDivide(markStart - startSeconds, interval)))
        var last = min(count - 1, Int(JudgmentClock.floorDivide(markEnd - 1 - startSeconds, interval)))
        func covered(_ index: Int) -> Bool {
            let slotStart = slotSeconds(index)
            return (min(markEnd, slotStart + interval) - max(markStart, slotStart)) * 2 >= interval
        }
        if first <= last, !covered(first) { first += 1 }
        if first <= last, !covered(last) { last -= 1 }
        return first <= last ? first...last : nil
    }
}
