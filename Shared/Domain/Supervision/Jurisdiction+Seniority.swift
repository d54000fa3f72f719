extension Jurisdiction.Level {
    /// County 0, city 1, province 2: escalation goes up this scale.
    public var seniority: Int {
        switch self {
        case .county: 0
        case .city: 1
        case .province: 2
        }
    }

    /// The next level up (county → city → province), nil for the province.
    public var above: Jurisdiction.Level? {
        switch self {
        case .county: .city
        case .city: .province
        case .province: nil
        }
    }
}
