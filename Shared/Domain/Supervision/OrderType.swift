/// What an order is about (督办类型). Raw values are the stable codes used in data files, events
/// and the `cause` of `OrderEventRecord`.
public enum OrderType: String, Codable, Sendable, CaseIterable, Comparable, CodingKeyRepresentable {
    /// 超标: a valid hourly (air) or daily (water) mean above the limit in an unmarked period.
    case exceedance
    /// 超总量: the permitted total emission amount projected or found to be exceeded.
    case totalQuantity = "total_quantity"
    /// 数据缺失: no values for a period while the source operates.
    case missingData = "missing_data"
    /// 联网异常: no frames from a device (flag B, transmission loss).
    case connectionAbnormal = "connection_abnormal"
    /// 自动监测设备不正常运行: constant values, over range, long or frequent faults.
    case abnormalOperation = "abnormal_operation"
    /// 涉嫌虚假标记: a mark contradicted by the operating parameters.
    case suspectedFalseMark = "suspected_false_mark"
    /// 涉嫌漏标: an abnormal period left unmarked by the deadline.
    case suspectedMissedMark = "suspected_missed_mark"
    /// 涉嫌错标: a mark of the wrong type or breaking the overlap rules.
    case suspectedWrongMark = "suspected_wrong_mark"
    /// 标记时长接近上限: a working-condition allowance approaching its yearly cap.
    case allowanceNearCap = "allowance_near_cap"
    /// 涉嫌数据造假: signs of tampering or forging (环发〔2015〕175号), a suspicion with evidence.
    case suspectedFalsification = "suspected_falsification"

    public var nameZh: String {
        switch self {
        case .exceedance: "超标排放"
        case .totalQuantity: "超总量"
        case .missingData: "数据缺失"
        case .connectionAbnormal: "联网异常"
        case .abnormalOperation: "自动监测设备不正常运行"
        case .suspectedFalseMark: "涉嫌虚假标记"
        case .suspectedMissedMark: "涉嫌漏标"
        case .suspectedWrongMark: "涉嫌错标"
        case .allowanceNearCap: "标记时长接近年度上限"
        case .suspectedFalsification: "涉嫌自动监测数据造假"
        }
    }

    public static func < (lhs: OrderType, rhs: OrderType) -> Bool { lhs.rawValue < rhs.rawValue }
}
