/// Conversion of a measured dry concentration to the reference oxygen content (折算浓度):
/// C_ref = C × (21 − O2_ref) / (21 − O2_meas). judgment.md §2.
public enum OxygenReference {
    /// Measured O2 at or above this is treated as "near 21 %": the divisor is capped so the
    /// result stays finite, and the caller raises an anomaly. Data, not a magic number: callers
    /// may pass their own cap from the rule version in force.
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
}
