/// A limit: an upper bound, or an allowed range (pH 6–9).
public enum LimitValue: Sendable, Hashable, CustomStringConvertible {
    case maximum(Double)
    case range(lower: Double, upper: Double)

    public var upper: Double {
        switch self {
        case .maximum(let value): value
        case .range(_, let upper): upper
        }
    }

    public var lower: Double? {
        if case .range(let lower, _) = self { return lower }
        return nil
    }

    /// True when `value` breaks the limit.
    public func isExceeded(by value: Double) -> Bool {
        switch self {
        case .maximum(let limit): value > limit
        case .range(let lower, let upper): value < lower || value > upper
        }
    }

    public var description: String {
        switch self {
        case .maximum(let value): "≤\(value)"
        case .range(let lower, let upper): "\(lower)–\(upper)"
        }
    }
}
