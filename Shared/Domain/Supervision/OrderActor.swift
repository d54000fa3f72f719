/// Who asks for a transition: an enterprise user, an O&M operator acting for the enterprises it
/// serves, a bureau officer at one jurisdiction, or the system itself. Every event records the
/// actor, so the history says who did what from which role.
public struct OrderActor: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        case enterpriseUser = "enterprise_user"
        /// 运维人员: may reply and bring evidence for the enterprises it serves, but not state,
        /// defend or confirm in their name (those are the enterprise's own legal acts).
        case operationsStaff = "om_operator"
        case countyOfficer = "county_officer"
        case cityOfficer = "city_officer"
        case provinceOfficer = "province_officer"
        case system

        public var nameZh: String {
            switch self {
            case .enterpriseUser: "企业用户"
            case .operationsStaff: "运维人员"
            case .countyOfficer: "区(县)生态环境部门"
            case .cityOfficer: "市(州)生态环境部门"
            case .provinceOfficer: "省级生态环境部门"
            case .system: "系统"
            }
        }

        public var isOfficer: Bool { self == .countyOfficer || self == .cityOfficer || self == .provinceOfficer }
    }

    public let id: String
    public let name: String
    public let role: Role
    /// Enterprise user: its one enterprise; O&M operator: the enterprises it serves; else empty.
    public let enterpriseIds: [String]
    /// Officers only: the bureau the officer belongs to; its level matches the role.
    public let jurisdiction: JurisdictionPath?

    private init(id: String, name: String, role: Role, enterpriseIds: [String], jurisdiction: JurisdictionPath?) {
        self.id = id
        self.name = name
        self.role = role
        self.enterpriseIds = enterpriseIds
        self.jurisdiction = jurisdiction
    }

    public static func enterpriseUser(id: String, name: String, enterpriseId: String) -> OrderActor {
        OrderActor(id: id, name: name, role: .enterpriseUser, enterpriseIds: [enterpriseId], jurisdiction: nil)
    }

    public static func operationsStaff(id: String, name: String, servedEnterpriseIds: [String]) -> OrderActor {
        OrderActor(id: id, name: name, role: .operationsStaff, enterpriseIds: servedEnterpriseIds.sorted(), jurisdiction: nil)
    }

    /// A bureau officer; the role follows the level of `jurisdiction`.
    public static func officer(id: String, name: String, jurisdiction: JurisdictionPath) -> OrderActor {
        let role: Role = switch jurisdiction.level {
        case .county: .countyOfficer
        case .city: .cityOfficer
        case .province: .provinceOfficer
        }
        return OrderActor(id: id, name: name, role: role, enterpriseIds: [], jurisdiction: jurisdiction)
    }

    /// The service itself (`dispatch`), acting on judgments, marks and the clock.
    public static func system(_ component: String = "dispatch") -> OrderActor {
        OrderActor(id: component, name: "督办系统", role: .system, enterpriseIds: [], jurisdiction: nil)
    }

    /// `role:id`, as `OrderEventRecord.actor` carries it.
    public var label: String { "\(role.rawValue):\(id)" }

    public func actsFor(enterpriseId: String) -> Bool {
        (role == .enterpriseUser || role == .operationsStaff) && enterpriseIds.contains(enterpriseId)
    }

    private enum CodingKeys: String, CodingKey { case id, name, role, enterpriseIds, jurisdiction }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let id = try container.decode(String.self, forKey: .id)
        let name = try container.decode(String.self, forKey: .name)
        let role = try container.decode(Role.self, forKey: .role)
        let enterpriseIds = try container.decodeIfPresent([String].self, forKey: .enterpriseIds) ?? []
        let jurisdiction = try container.decodeIfPresent(JurisdictionPath.self, forKey: .jurisdiction)
        switch role {
        case .enterpriseUser where enterpriseIds.count != 1, .operationsStaff where enterpriseIds.isEmpty:
            throw DecodingError.dataCorruptedError(forKey: .enterpriseIds, in: container, debugDescription: "企业用户须对应一家企业，运维人员须至少服务一家企业")
        case .countyOfficer, .cityOfficer, .provinceOfficer:
            guard let jurisdiction, OrderActor.officer(id: id, name: name, jurisdiction: jurisdiction).role == role else {
                throw DecodingError.dataCorruptedError(forKey: .jurisdiction, in: container, debugDescription: "生态环境部门人员的辖区层级须与角色一致")
            }
        default:
            break
        }
        self.init(id: id, name: name, role: role, enterpriseIds: enterpriseIds, jurisdiction: role.isOfficer ? jurisdiction : nil)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(role, forKey: .role)
        if !enterpriseIds.isEmpty { try container.encode(enterpriseIds, forKey: .enterpriseIds) }
        try container.encodeIfPresent(jurisdiction, forKey: .jurisdiction)
    }
}
