extension CivilDate {
    /// ISO weekday: 1 Monday … 7 Sunday (1970-01-01 was a Thursday).
    public var isoWeekday: Int {
        let days = daysSinceEpoch
        return ((days % 7 + 7 + 3) % 7) + 1
    }

    public var isWeekend: Bool { isoWeekday >= 6 }

    /// 周一…周日.
    public var weekdayZh: String { ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][isoWeekday - 1] }
}
