/// A pollutant-discharging enterprise (排污单位) under supervision.
public struct Enterprise: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    /// Unified social credit code (统一社会信用代码).
    public var creditCode: String
    public var industry: Industry
    /// GB 3544 enterprise type, for paper.
    public var category: EnterpriseCategory?
    /// County (区/县) code; the city and province follow from the jurisdiction tree.
    public var countyCode: String
    public var address: String?

    public init(id: String, name: String, creditCode: String, industry: Industry, category: EnterpriseCategory?,
                countyCode: String, address: String?) {
        self.id = id
        self.name = name
        self.creditCode = creditCode
        self.industry = industry
        self.category = category
        self.countyCode = countyCode
        self.address = address
    }
}
