public import Foundation

/// The emission amount of one hour (Σ concentration × standard dry flow, judgment.md §3). The
/// measured and the substituted amounts are separate layers: substitutes stand in for invalid
/// hours in amount accounting only, never in exceedance.
public struct HourlyAmount: Sendable, Hashable {
    public enum Layer: String, Sendable, Hashable, Codable {
        /// Valid concentration and flow.
        case measured
        /// Concentration or flow substituted (HJ 75 rules of the rules version).
        case substituted
        /// The source did not operate during the hour: nothing emitted.
        case notOperating = "not-operating"
        /// Invalid and no substitute could be formed (no earlier valid hour): amount unknown.
        case unknown
    }

    public var start: Date
    public var layer: Layer
    /// Tonnes emitted in the hour (0 for `notOperating` and `unknown`).
    public var tonnes: Double
    /// The concentration used (mg/m³ dry standard for air, mg/L for water), measured or substituted.
    public var concentration: Double?
    /// The flow used, in the series' unit, measured or substituted.
    public var flow: Double?
    public var concentrationSubstituted: Bool
    public var flowSubstituted: Bool
    /// Minutes of the hour the source operated (the amount is prorated to them).
    public var operatingMinutes: Int

    public init(start: Date, layer: Layer, tonnes: Double, concentration: Double?, flow: Double?, concentrationSubstituted: Bool,
                flowSubstituted: Bool, operatingMinutes: Int) {
        self.start = start
        self.layer = layer
        self.tonnes = tonnes
        self.concentration = concentration
        self.flow = flow
        self.concentrationSubstituted = concentrationSubstituted
        self.flowSubstituted = flowSubstituted
        self.operatingMinutes = operatingMinutes
    }
}
