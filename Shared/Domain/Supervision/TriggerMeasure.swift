/// A figure of a finding that trigger rules compare with thresholds. Judgment and Marking supply
/// them; `durationHours` always follows from the finding's span.
public enum TriggerMeasure: String, Codable, Sendable, CaseIterable, CodingKeyRepresentable {
    /// Length of the episode so far, in hours.
    case durationHours
    /// Gaps (or other occurrences of the same finding) at this point in the current quarter,
    /// this one included: a second gap in the quarter is abnormal operation.
    case occurrencesInQuarter
    /// 超标倍数: value / limit − 1.
    case multipleOverLimit
    /// Share of a yearly mark allowance used (0…1 and beyond).
    case allowanceShareUsed
    /// Projected emission amount at the current rate / permitted amount.
    case projectedShareOfPermit
    /// Emission amount so far / permitted amount.
    case actualShareOfPermit
    /// Hours an equipment fault or other state has lasted beyond its allowed time.
    case hoursBeyondAllowance

    public var nameZh: String {
        switch self {
        case .durationHours: "持续时长（小时）"
        case .occurrencesInQuarter: "本季度发生次数"
        case .multipleOverLimit: "超标倍数"
        case .allowanceShareUsed: "年度标记时长已用比例"
        case .projectedShareOfPermit: "预计排放量占许可量比例"
        case .actualShareOfPermit: "实际排放量占许可量比例"
        case .hoursBeyondAllowance: "超出允许时长（小时）"
        }
    }
}
