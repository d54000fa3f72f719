import Foundation

extension Finding {
    /// The outlet a total-quantity finding names: the permit total is the enterprise's, over all
    /// its outlets.
    public static let wholeEnterprise = "*"

    /// A total-quantity judgment as the supervision rules see it: a `total_quantity` finding with
    /// the kind as detail and the shares the `total-quantity` trigger compares
    /// (`projectedShareOfPermit` → pre-warning, `actualShareOfPermit` → handling after), spanning
    /// the permit period up to the judged data; no longer ongoing once a warning cleared.
    public init(total judgment: TotalQuantityJudgment) {
        let factor = judgment.factor
        let share = { (value: Double) in String(format: "%.0f%%", value * 100) }
        self.init(
            id: judgment.id, version: judgment.version, type: .totalQuantity, detail: judgment.kind.rawValue,
            enterpriseId: judgment.enterpriseId, outletId: Self.wholeEnterprise, factor: factor, start: judgment.periodStart,
            end: max(judgment.periodStart, judgment.asOf), ongoing: judgment.status != .cleared, value: judgment.cumulativeTonnes,
            limit: judgment.permittedTonnes, unit: "t",
            measures: [.actualShareOfPermit: judgment.actualShare, .projectedShareOfPermit: judgment.projectedShare],
            summaryZh: "\(judgment.enterpriseName)\(factor)\(judgment.period)\(judgment.kindName)：累计排放\(String(format: "%.3f", judgment.cumulativeTonnes))吨"
                + "，为许可量\(String(format: "%.3f", judgment.permittedTonnes))吨的\(share(judgment.actualShare))"
                + "，按当前速率预计\(share(judgment.projectedShare))")
    }
}
