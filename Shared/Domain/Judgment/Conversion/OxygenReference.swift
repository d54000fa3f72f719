/// Conversion of a measured dry concentration to the reference oxygen content (折算浓度):
/// C_ref = C × (21 − O2_ref) / (21 − O2_meas). judgment.md §2.
public enum OxygenReference {
    /// Measured O2 at or above this is treated as "near 21 %": the divisor is capped so the
    /// result stays finite, and the caller raises an anomaly. The rules version in force carries
    /// the value used in judgments (`JudgmentRules.oxygen.maximumMeasuredO2`); this default is the
    /// seed's, for callers without rules at hand.
    public static let defaultMaximumMeasuredO2 = 19.0

    public struct Result: Sendable, Equatable {
        public let value: Double
        /// True when the measured O2 was capped (dilution or a broken probe while operating).
        public let oxygenNear21: Bool
    }

    public static func convert(concentration: Double, measuredO2: Double, referenceO2: Double,
                               maximumMeasuredO2: Double = defaultMaximumMeasuredO2) -> Result {
        let capped = min(measuredO2, maximumMeasuredO2)
        return Result(value: concentration * (21 - referenceO2) / (21 - capped), oxygenNear21: measuredO2 > maximumMeasuredO2)
    }

    /// The conversion with the guard of the rules version in force.
    public static func convert(concentration: Double, measuredO2: Double, referenceO2: Double, rules: JudgmentRules) -> Result {
        convert(concentration: concentration, measuredO2: measuredO2, referenceO2: referenceO2,
                maximumMeasuredO2: rules.oxygen.maximumMeasuredO2)
    }
}
