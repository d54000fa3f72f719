public import Foundation

/// Data quality of one point's factor (or of the point, summed over its factors) for one
/// China-time day or month (judgment.md §4): transmission rate (传输率, received / expected),
/// validity rate (有效率, valid / received) and 数据传输有效率 = their product. Slots marked out of
/// service leave the statistics (they are not expected).
public struct DataQualityFigure: Sendable, Hashable {
    public enum Period: String, Sendable, Hashable, Codable {
        case day, month
    }

    public var subject: String
    /// The factor, or `*` for the point's factors together.
    public var factor: String
    public var period: Period
    public var start: Date
    public var end: Date
    public var expected: Int
    public var received: Int
    public var valid: Int
    public var rulesVersion: String

    public init(subject: String, factor: String, period: Period, start: Date, end: Date, expected: Int, received: Int, valid: Int,
                rulesVersion: String) {
        self.subject = subject
        self.factor = factor
        self.period = period
        self.start = start
        self.end = end
        self.expected = expected
        self.received = received
        self.valid = valid
        self.rulesVersion = rulesVersion
    }

    /// 传输率; nil when nothing was expected.
    public var transmissionRate: Double? { expected > 0 ? Double(received) / Double(expected) : nil }
    /// 有效率; nil when nothing was received.
    public var validityRate: Double? { received > 0 ? Double(valid) / Double(received) : nil }
    /// 数据传输有效率 = 传输率 × 有效率 (= valid / expected).
    public var effectiveTransmissionRate: Double? {
        guard let transmission = transmissionRate else { return nil }
        return transmission * (validityRate ?? 0)
    }
}
