public import Domain

/// What Ingest and Judgment need to know about a device: the point (MN, password, protocol,
/// strict or lenient, factors) and the outlet, enterprise and jurisdictions it belongs to.
public struct MonitoringPointInfo: Sendable, Hashable {
    public var point: MonitoringPoint
    public var context: OutletContext

    public init(point: MonitoringPoint, context: OutletContext) {
        self.point = point
        self.context = context
    }

    public var pointId: String { point.id }
    public var mn: String { point.mn }
    public var password: String { point.password }
    public var protocolVersion: MonitoringPoint.ProtocolVersion { point.protocolVersion }
    public var mode: MonitoringPoint.Mode { point.mode }
    public var factors: [MonitoringPoint.Factor] { point.factors }
    public var outletId: String { context.outlet.id }
    public var outletName: String { context.outlet.name }
    public var enterpriseId: String { context.enterprise.id }
    public var enterpriseName: String { context.enterprise.name }
    public var industry: Industry { context.enterprise.industry }
    public var countyCode: String? { context.county?.code }
    public var countyName: String? { context.county?.name }
    public var cityCode: String? { context.city?.code }
    public var cityName: String? { context.city?.name }
}
