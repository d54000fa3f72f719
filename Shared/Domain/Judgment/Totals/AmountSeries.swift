/// One outlet's hourly emission amounts of one factor, with the layers summed separately.
public struct AmountSeries: Sendable, Hashable {
    public var outletId: String
    public var factor: String
    public var hours: [HourlyAmount]
    public var measuredTonnes: Double
    public var substitutedTonnes: Double
    /// Hours whose amount is unknown (invalid and nothing to substitute).
    public var unknownHours: Int
    /// Valid concentration hours over operating hours, the capture rate the substitution row
    /// depends on.
    public var concentrationCaptureRate: Double?
    public var flowCaptureRate: Double?
    public var rulesVersion: String

    public init(outletId: String, factor: String, hours: [HourlyAmount], measuredTonnes: Double, substitutedTonnes: Double,
                unknownHours: Int, concentrationCaptureRate: Double?, flowCaptureRate: Double?, rulesVersion: String) {
        self.outletId = outletId
        self.factor = factor
        self.hours = hours
        self.measuredTonnes = measuredTonnes
        self.substitutedTonnes = substitutedTonnes
        self.unknownHours = unknownHours
        self.concentrationCaptureRate = concentrationCaptureRate
        self.flowCaptureRate = flowCaptureRate
        self.rulesVersion = rulesVersion
    }

    public var totalTonnes: Double { measuredTonnes + substitutedTonnes }
}
