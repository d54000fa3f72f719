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

extension MonitoringPointInfo {
    /// The point and its outlet, enterprise, unit and jurisdictions as stored (for `duban-ctl
    /// registry point` and the portal).
    public var jsonText: String {
        JSONValue.object([
            "point": .object(point.fields), "outlet": .object(context.outlet.fields),
            "enterprise": .object(context.enterprise.fields), "unit": context.unit.map { .object($0.fields) } ?? .null,
            "county": context.county.map { .object($0.fields) } ?? .null, "city": context.city.map { .object($0.fields) } ?? .null,
            "province": context.province.map { .object($0.fields) } ?? .null,
        ].compacted).canonicalText
    }
}
