import Foundation

extension Finding {
    /// An abnormal-operation judgment as the supervision rules see it: its order type and the
    /// detail the inhibition rules name (`equipment-fault` for a gap of D-flagged or fault-marked
    /// data and for a long D run: the analyser itself reported the fault), the factor when it
    /// concerns one, the point, and a line in Chinese. A gap of nothing received is missing data,
    /// a B-flagged gap a connection abnormality; everything else is abnormal operation.
    public init(abnormal judgment: AbnormalOperationJudgment) {
        let type: OrderType
        let detail: String
        switch AbnormalFinding.Kind(rawValue: judgment.kind) {
        case .missingData:
            if judgment.evidence.gapCause == DataGap.Cause.fault.rawValue {
                (type, detail) = (.abnormalOperation, Self.equipmentFault)
            } else {
                (type, detail) = (.missingData, judgment.evidence.gapCause ?? DataGap.Cause.noData.rawValue)
            }
        case .communicationLoss: (type, detail) = (.connectionAbnormal, "communication-loss")
        case .constantValue: (type, detail) = (.abnormalOperation, "constant-values")
        case .overRange: (type, detail) = (.abnormalOperation, "over-range")
        case .longFlagRun:
            switch judgment.evidence.flag {
            case "D": (type, detail) = (.abnormalOperation, Self.equipmentFault)
            case "M": (type, detail) = (.abnormalOperation, "long-maintenance")
            default: (type, detail) = (.abnormalOperation, "long-calibration")
            }
        case .frequentFlagRuns: (type, detail) = (.abnormalOperation, "frequent-flag-runs")
        case .statusContradiction: (type, detail) = (.abnormalOperation, "status-contradiction")
        case .unknownFlag, nil: (type, detail) = (.abnormalOperation, judgment.kind)
        }
        let start = ChinaTime.components(of: judgment.periodStart)
        let factors = judgment.factors.isEmpty ? "" : "（\(judgment.factors.joined(separator: "、"))）"
        let length = judgment.evidence.minutes >= 60
            ? "\(String(format: "%.1f", Double(judgment.evidence.minutes) / 60))小时" : "\(judgment.evidence.minutes)分钟"
        self.init(
            id: judgment.id, version: judgment.version, type: type, detail: detail, enterpriseId: judgment.enterpriseId,
            outletId: judgment.outletId, monitoringPoint: judgment.mn, factor: judgment.factors.count == 1 ? judgment.factors[0] : nil,
            start: judgment.periodStart, end: judgment.periodEnd, ongoing: judgment.ongoing && judgment.status != .closed,
            value: judgment.evidence.value,
            summaryZh: "\(judgment.outletName)监测点\(judgment.mn)\(judgment.kindName)\(factors)：\(start.month)月\(start.day)日\(start.hour)时起\(length)"
                + (judgment.ongoing ? "，仍在持续" : ""))
    }

    /// The detail of a fault of the monitoring equipment, which the inhibition rules name.
    public static let equipmentFault = "equipment-fault"

    /// Whether the abnormal-operation judgment still stands as a fault that can explain other
    /// findings: not withdrawn (rejected) and not closed (resolved). A fault gap within the
    /// quarter's exemption is still a fault: it opens no order but explains what it explains.
    public static func standsAsFault(_ judgment: AbnormalOperationJudgment) -> Bool {
        judgment.status == .opened || judgment.status == .extended
    }
}
