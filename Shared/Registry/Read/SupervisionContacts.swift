public import Domain

/// Who receives an enterprise's supervision orders: its own contacts and the bureau contacts of its
/// county, city and province, each list with the primary contact first.
public struct SupervisionContacts: Sendable, Hashable {
    public var enterprise: [Contact]
    public var county: [Contact]
    public var city: [Contact]
    public var province: [Contact]

    public init(enterprise: [Contact], county: [Contact], city: [Contact], province: [Contact]) {
        self.enterprise = enterprise
        self.county = county
        self.city = city
        self.province = province
    }
}
