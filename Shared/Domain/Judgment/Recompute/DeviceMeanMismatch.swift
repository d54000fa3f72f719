public import Foundation

/// An hour whose device mean (CN 2061) differs from the mean recomputed from its minutes beyond
/// the rules' tolerance (`deviceMean`): the recomputed mean is judged, the difference is reported.
public struct DeviceMeanMismatch: Sendable, Hashable {
    public var factor: String
    public var hourStart: Date
    public var deviceMean: Double
    /// The raw recomputed mean (flags only, before marks), the value the rules compare.
    public var recomputedMean: Double

    public init(factor: String, hourStart: Date, deviceMean: Double, recomputedMean: Double) {
        self.factor = factor
        self.hourStart = hourStart
        self.deviceMean = deviceMean
        self.recomputedMean = recomputedMean
    }
}
