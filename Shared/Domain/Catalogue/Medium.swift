/// What an outlet discharges into: air (废气) or water (废水).
public enum Medium: String, Sendable, Hashable, CaseIterable, Codable {
    case air
    case water

    /// The averaging basis exceedance is judged on by default (judgment.md §3): the hourly mean
    /// for air, the daily mean for water. An outlet may configure otherwise.
    public var defaultBasis: AveragingBasis { self == .air ? .hour : .day }

    /// HJ 212 air factor codes start with `a`, water factor codes with `w`.
    public static func of(factor: String) -> Medium? {
        switch factor.first {
        case "a": .air
        case "w": .water
        default: nil
        }
    }
}
