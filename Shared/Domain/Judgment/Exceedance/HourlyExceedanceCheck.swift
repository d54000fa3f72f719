/// Decides whether one hourly mean exceeds its limit (judgment.md §3: air is judged on the valid
/// hourly mean of the O2-converted concentration). Issue 5 widens this to minute-level validity,
/// marks and episodes; this is the single-hour rule they build on.
public enum HourlyExceedanceCheck {
    /// Where the judged value came from, recorded with the judgment so anyone can recompute it.
    public enum ValueSource: String, Codable, Sendable {
        /// Recomputed from the device's hourly mean and the O2 hourly mean.
        case recomputedFromO2 = "recomputed_from_o2"
        /// The device's own converted mean (ZsAvg), used when O2 is not available.
        case deviceConverted = "device_converted"
        /// No reference O2 applies (e.g. water): the hourly mean as measured.
        case measured
    }

    public struct Input: Sendable {
        public var mean: Double?
        public var convertedMean: Double?
        public var flag: String?
        public var oxygenMean: Double?
        public var referenceO2: Double?
        public var limit: Double

        public init(mean: Double?, convertedMean: Double?, flag: String?, oxygenMean: Double?, referenceO2: Double?, limit: Double) {
            self.mean = mean
            self.convertedMean = convertedMean
            self.flag = flag
            self.oxygenMean = oxygenMean
            self.referenceO2 = referenceO2
            self.limit = limit
        }
    }

    public enum Outcome: Sendable, Equatable {
        /// Flag other than N (F, M, D, C, B, S, T…): not a valid value, never an exceedance.
        case invalid(flag: String)
        /// No value could be formed (no mean, or no O2 and no converted mean where a reference O2 applies).
        case noValue
        case withinLimit(value: Double, source: ValueSource)
        case exceeded(value: Double, multiple: Double, source: ValueSource, oxygenNear21: Bool)
    }

    public static func evaluate(_ input: Input) -> Outcome {
        let flag = input.flag ?? "N"
        guard flag == "N" else { return .invalid(flag: flag) }
        let value: Double
        let source: ValueSource
        var oxygenNear21 = false
        if let referenceO2 = input.referenceO2 {
            if let mean = input.mean, let oxygen = input.oxygenMean {
                let converted = OxygenReference.convert(concentration: mean, measuredO2: oxygen, referenceO2: referenceO2)
                value = converted.value
                oxygenNear21 = converted.oxygenNear21
                source = .recomputedFromO2
            } else if let converted = input.convertedMean {
                value = converted
                source = .deviceConverted
            } else {
                return .noValue
            }
        } else if let mean = input.mean {
            value = mean
            source = .measured
        } else {
            return .noValue
        }
        guard value > input.limit else { return .withinLimit(value: value, source: source) }
        return .exceeded(value: value, multiple: value / input.limit - 1, source: source, oxygenNear21: oxygenNear21)
    }
}
