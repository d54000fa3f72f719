public import Foundation

/// One judgment or mark verdict an order is about: an exceedance episode, a gap, a suspected
/// false mark… Judgment and Marking publish them; Dispatch groups them into orders. A finding's
/// `id` is stable across recomputation and `version` grows with each change.
public struct Finding: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var version: Int
    public var type: OrderType
    /// Finer cause inside the type, as data files name it: `equipment-fault`, `constant-values`,
    /// `over-range` for abnormal operation…
    public var detail: String?
    /// Averaging basis of an exceedance: `hourly` or `daily`.
    public var basis: String?
    public var enterpriseId: String
    public var outletId: String
    /// Monitoring point (MN) when the finding concerns one.
    public var monitoringPoint: String?
    public var factor: String?
    public var factorName: String?
    /// Inclusive start of the episode.
    public var start: Date
    /// Exclusive end as known so far; grows while `ongoing`.
    public var end: Date
    public var ongoing: Bool
    public var value: Double?
    public var limit: Double?
    public var unit: String?
    /// Figures the trigger rules compare (`durationHours` is derived from the span instead).
    public var measures: [TriggerMeasure: Double]
    /// One line for people: what was found, in Chinese.
    public var summaryZh: String

    public init(id: String, version: Int, type: OrderType, detail: String? = nil, basis: String? = nil, enterpriseId: String,
                outletId: String, monitoringPoint: String? = nil, factor: String? = nil, factorName: String? = nil,
                start: Date, end: Date, ongoing: Bool, value: Double? = nil, limit: Double? = nil, unit: String? = nil,
                measures: [TriggerMeasure: Double] = [:], summaryZh: String) {
        self.id = id
        self.version = version
        self.type = type
        self.detail = detail
        self.basis = basis
        self.enterpriseId = enterpriseId
        self.outletId = outletId
        self.monitoringPoint = monitoringPoint
        self.factor = factor
        self.factorName = factorName
        self.start = start
        self.end = end
        self.ongoing = ongoing
        self.value = value
        self.limit = limit
        self.unit = unit
        self.measures = measures
        self.summaryZh = summaryZh
    }

    public var durationHours: Double { end.timeIntervalSince(start) / 3600 }

    public func measure(_ measure: TriggerMeasure) -> Double? {
        measure == .durationHours ? durationHours : measures[measure]
    }

    /// True when the two spans overlap, or lie within `gap` seconds of each other.
    public func touches(start otherStart: Date, end otherEnd: Date, gap: TimeInterval = 0) -> Bool {
        start <= otherEnd.addingTimeInterval(gap) && otherStart <= end.addingTimeInterval(gap)
    }

    /// Why the finding cannot be used, or nil.
    public var problem: String? {
        if id.trimmingWhitespace.isEmpty { return "发现编号不能为空" }
        if version < 1 { return "发现「\(id)」的版本须从1开始" }
        if enterpriseId.isEmpty || outletId.isEmpty { return "发现「\(id)」须指明企业和排口" }
        if end < start { return "发现「\(id)」的结束时间早于开始时间" }
        if summaryZh.trimmingWhitespace.isEmpty { return "发现「\(id)」缺少中文说明" }
        if measures[.durationHours] != nil { return "发现「\(id)」的持续时长由起止时间决定，不能另行给出" }
        if let bad = measures.first(where: { !$0.value.isFinite }) { return "发现「\(id)」的\(bad.key.nameZh)不是有限数值" }
        return nil
    }
}
