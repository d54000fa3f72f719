/// How findings join an episode's order: same enterprise, outlet and order type, with spans that
/// overlap or lie within `joinGapHours` of each other.
public struct GroupingPolicy: Sendable, Hashable {
    public var joinGapHours: Double

    public init(joinGapHours: Double) { self.joinGapHours = joinGapHours }
}
