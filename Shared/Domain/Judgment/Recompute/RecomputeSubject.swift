import Foundation
/// The monitoring point and outlet a recomputation is about, as the registry describes them at
/// the judged time: what an exceedance payload names besides the numbers.
public struct RecomputeSubject: Sendable, Hashable {
    public var mn: String
    public var pointId: String
    public var outletId: String
    public var outletName: String
    public var enterpriseId: String
    public var enterpriseName: String
    public var medium: Medium
    /// Hour (air by default) or day (water by default), from the outlet's configuration.
    public var basis: AveragingBasis
    public var countyCode: String?
    public var cityCode: String?

    public init(mn: String, pointId: String, outletId: String, outletName: String, enterpriseId: String, enterpriseName: String,
                medium: Medium, basis: AveragingBasis, countyCode: String?, cityCode: String?) {
        self.mn = mn
        self.pointId = pointId
        self.outletId = outletId
        self.outletName = outletName
        self.enterpriseId = enterpriseId
        self.enterpriseName = enterpriseName
        self.medium = medium
        self.basis = basis
        self.countyCode = countyCode
        self.cityCode = cityCode
    }
}
