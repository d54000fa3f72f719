/// A bureau's place in the jurisdiction tree, from the province down to its own level: province
/// (省), city (市/州) or county (区/县), each by its division code. Orders are assigned to a bureau
/// by path, and an officer may act on an order when the officer's path covers the assigned one
/// (the bureau itself or a bureau above it).
public struct JurisdictionPath: Sendable, Hashable, Codable, CustomStringConvertible {
    public let province: String
    public let city: String?
    public let county: String?

    public init(province: String) {
        self.province = province
        city = nil
        county = nil
    }

    public init(province: String, city: String) {
        self.province = province
        self.city = city
        county = nil
    }

    public init(province: String, city: String, county: String) {
        self.province = province
        self.city = city
        self.county = county
    }

    public var level: Jurisdiction.Level {
        if county != nil { return .county }
        if city != nil { return .city }
        return .province
    }

    /// The division code of the bureau itself (its deepest level).
    public var code: String { county ?? city ?? province }

    /// The bureau one level up, or nil for a province.
    public var parent: JurisdictionPath? {
        if county != nil, let city { return JurisdictionPath(province: province, city: city) }
        if city != nil { return JurisdictionPath(province: province) }
        return nil
    }

    /// This path cut to `level`, or nil when `level` is below this path's own level.
    public func truncated(to level: Jurisdiction.Level) -> JurisdictionPath? {
        switch level {
        case .province: JurisdictionPath(province: province)
        case .city: city.map { JurisdictionPath(province: province, city: $0) }
        case .county: county.map { _ in self }
        }
    }

    /// True when this bureau is `other` or one of the bureaus above it.
    public func covers(_ other: JurisdictionPath) -> Bool {
        guard province == other.province else { return false }
        if let city, city != other.city { return false }
        if let county, county != other.county { return false }
        return true
    }

    /// Why the codes cannot form a path (GB/T 2260 shape, each inside its parent), or nil.
    public var problem: String? {
        if let message = Jurisdiction.codeProblem(province, level: .province, parentCode: nil) { return "省级：\(message)" }
        if let city, let message = Jurisdiction.codeProblem(city, level: .city, parentCode: province) { return "市级：\(message)" }
        if let county, let message = Jurisdiction.codeProblem(county, level: .county, parentCode: city) { return "县级：\(message)" }
        return nil
    }

    public var description: String { [province, city, county].compactMap { $0 }.joined(separator: "/") }

    private enum CodingKeys: String, CodingKey { case province, city, county }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        province = try container.decode(String.self, forKey: .province)
        city = try container.decodeIfPresent(String.self, forKey: .city)
        county = try container.decodeIfPresent(String.self, forKey: .county)
        if county != nil, city == nil {
            throw DecodingError.dataCorruptedError(forKey: .county, in: container, debugDescription: "区县须有所属市")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(province, forKey: .province)
        try container.encodeIfPresent(city, forKey: .city)
        try container.encodeIfPresent(county, forKey: .county)
    }
}
