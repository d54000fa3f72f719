/// An HJ 212 data flag (`-Flag`) as one byte, so a year of minute flags is one flat array. What a
/// flag does to validity is data (`CodeRules`, see `FlagEffects`), not this type.
public enum DataFlag: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// No value was received for the slot (no row at all): missing data.
    case absent = 0
    /// Normal.
    case n
    /// 2017: instrument stopped; 2005: source stopped.
    case f
    /// Maintenance.
    case m
    /// Manually set value: never a measured value.
    case s
    /// Fault.
    case d
    /// Calibration.
    case c
    /// Above the measuring upper limit.
    case t
    /// Instrument–logger communication fault.
    case b
    /// 2005: power fault.
    case p
    /// A flag the protocol does not define: invalid, and raised as an anomaly.
    case unknown

    /// Parses the flag as sent. A reading without a flag is normal (`N`), as HJ 212 uploads
    /// commonly omit it; an unrecognised flag is `unknown`, never silently normal.
    public init(code: String?) {
        guard let code else {
            self = .n
            return
        }
        switch code {
        case "N": self = .n
        case "F": self = .f
        case "M": self = .m
        case "S": self = .s
        case "D": self = .d
        case "C": self = .c
        case "T": self = .t
        case "B": self = .b
        case "P": self = .p
        default: self = .unknown
        }
    }

    /// The code as HJ 212 writes it; `absent` and `unknown` have none.
    public var code: String? {
        switch self {
        case .absent, .unknown: nil
        case .n: "N"
        case .f: "F"
        case .m: "M"
        case .s: "S"
        case .d: "D"
        case .c: "C"
        case .t: "T"
        case .b: "B"
        case .p: "P"
        }
    }

    public var description: String { code ?? (self == .absent ? "(none)" : "(unknown)") }
}
