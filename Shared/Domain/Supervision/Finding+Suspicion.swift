import Foundation

extension Finding {
    /// A falsification suspicion as the supervision rules see it: a suspected-falsification
    /// finding whose detail is the suspicion's kind (`oxygen-near-21`…), at its point, on its
    /// factor, with a line in Chinese naming what was seen.
    public init(suspicion judgment: FalsificationSuspicionJudgment) {
        let start = ChinaTime.components(of: judgment.periodStart)
        let peak = judgment.evidence.hourly.map(\.value).max()
        let seen = peak.map { "，最高\(String(format: "%.1f", $0))" } ?? ""
        self.init(
            id: judgment.id, version: judgment.version, type: .suspectedFalsification, detail: judgment.kind,
            enterpriseId: judgment.enterpriseId, outletId: judgment.outletId, monitoringPoint: judgment.mn, factor: judgment.factor,
            start: judgment.periodStart, end: judgment.periodEnd, ongoing: judgment.ongoing && judgment.status != .closed,
            value: peak,
            summaryZh: "\(judgment.outletName)监测点\(judgment.mn)\(judgment.kindName)：\(start.month)月\(start.day)日\(start.hour)时起"
                + "\(judgment.evidence.hours)小时\(seen)" + (judgment.ongoing ? "，仍在持续" : "") + "（疑点，待调查核实）")
    }
}
