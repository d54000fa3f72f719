/// The enterprise an order is about, as the registry knew it when the order opened.
public struct OrderEnterprise: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var industry: Industry?
    /// The enterprise's county (or city, where it has no county) in the jurisdiction tree.
    public var location: JurisdictionPath

    public init(id: String, name: String, industry: Industry?, location: JurisdictionPath) {
        self.id = id
        self.name = name
        self.industry = industry
        self.location = location
    }
}
