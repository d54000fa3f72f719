public import Foundation

/// How much of a yearly mark allowance an outlet has used (`duban.marks`,
/// `cn.duban.mark.allowance.v1`), published by Marking whenever an accepted mark version changes
/// it, for mark types whose marking policy sets a yearly cap (故障/事故 60 h…). Dispatch opens an
/// allowance-near-cap order when the trigger rules' share is reached. `id` is stable per outlet,
/// mark type and China-time year; `version` grows with each change.
public struct MarkAllowanceUse: Codable, Sendable, Equatable {
    public var id: String
    public var version: Int
    public var enterpriseId: String
    public var outletId: String
    public var typeId: String
    public var typeNameZh: String
    /// China-time calendar year.
    public var year: Int
    public var hoursUsed: Double
    public var yearlyCapHours: Double
    /// `hoursUsed / yearlyCapHours`.
    public var shareUsed: Double
    /// The marking policy whose cap applies, and its rule version.
    public var policyId: String
    public var policyRuleVersion: String
    /// The mark version whose acceptance changed the use.
    public var markId: String
    public var markVersion: Int
    public var computedAt: Date

    public init(id: String, version: Int, enterpriseId: String, outletId: String, typeId: String, typeNameZh: String, year: Int,
                hoursUsed: Double, yearlyCapHours: Double, policyId: String, policyRuleVersion: String, markId: String, markVersion: Int,
                computedAt: Date) {
        self.id = id
        self.version = version
        self.enterpriseId = enterpriseId
        self.outletId = outletId
        self.typeId = typeId
        self.typeNameZh = typeNameZh
        self.year = year
        self.hoursUsed = hoursUsed
        self.yearlyCapHours = yearlyCapHours
        self.shareUsed = yearlyCapHours > 0 ? hoursUsed / yearlyCapHours : 0
        self.policyId = policyId
        self.policyRuleVersion = policyRuleVersion
        self.markId = markId
        self.markVersion = markVersion
        self.computedAt = computedAt
    }

    public static func id(outletId: String, typeId: String, year: Int) -> String { "allowance:\(outletId):\(typeId):\(year)" }

    /// 「故障/事故」2026年已标记 51 小时，达年度上限 60 小时的 85%（MEE-2022-21+SC）
    public var summaryZh: String {
        let percent = Int((shareUsed * 100).rounded())
        return "「\(typeNameZh)」\(year)年已标记 \(MarkValidator.hours(hoursUsed)) 小时，达年度上限 \(MarkValidator.hours(yearlyCapHours)) 小时的 \(percent)%（\(policyRuleVersion)）"
    }
}
