public import Foundation

/// One stored value of one factor at one monitoring point as the Judgment service keeps it
/// (`judgment.readings`, newest revision of a period): the input of `ExceedanceRecomputation`, so
/// the service and `duban-ctl judge` recompute from the same rows the same way.
public struct StoredValue: Sendable, Hashable {
    /// The level of an upload, from its CN.
    public enum Level: String, Sendable, Hashable, CaseIterable {
        /// CN 2011: an instant, stored but not used for means.
        case realTime = "real-time"
        /// CN 2051: 1- or 10-minute means.
        case minute
        /// CN 2061: the device's hourly mean.
        case hour
        /// CN 2031: the device's daily mean.
        case day

        /// The level of a data upload, nil for any other CN (commands, parameters).
        public init?(cn: String) {
            switch cn {
            case "2011": self = .realTime
            case "2051": self = .minute
            case "2061": self = .hour
            case "2031": self = .day
            default: return nil
            }
        }

        public var cn: String {
            switch self {
            case .realTime: "2011"
            case .minute: "2051"
            case .hour: "2061"
            case .day: "2031"
            }
        }
    }

    public var level: Level
    public var factor: String
    /// Period start (or the instant, real-time).
    public var dataTime: Date
    /// Avg for means, Rtd for real-time values.
    public var value: Double?
    /// The device's converted value (ZsAvg).
    public var converted: Double?
    public var flag: String?
    /// The frame that carried this revision, for evidence.
    public var frameId: String

    public init(level: Level, factor: String, dataTime: Date, value: Double?, converted: Double?, flag: String?, frameId: String) {
        self.level = level
        self.factor = factor
        self.dataTime = dataTime
        self.value = value
        self.converted = converted
        self.flag = flag
        self.frameId = frameId
    }
}
