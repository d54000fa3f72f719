/// What one value counts as, after its flag and the marks covering it (judgment.md §1). Ordered
/// by precedence: when a flag and several marks disagree, the highest wins, so a stop mark beats
/// everything, and an invalidating mark beats a normal flag.
public enum SampleStatus: UInt8, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    /// A valid measurement (`N`, no invalidating mark).
    case valid = 0
    /// Over range (`T`): kept and counted as measured, raised as an anomaly.
    case overRange = 1
    /// Not a measurement (`S`): never counts as a valid measured value.
    case notMeasured = 2
    /// Invalid (`F M D C`, an unknown flag, or an invalidating mark).
    case invalid = 3
    /// No value (nothing received, `B`, a power or link-loss mark).
    case missing = 4
    /// The source (or monitoring point) is out of service: outside the statistics.
    case outOfService = 5

    /// Counts toward the valid values of a period.
    public var isValidMeasurement: Bool { self <= .overRange }

    /// The status a validity effect (of a flag or a mark) imposes; nil for effects that do not
    /// change validity (`valid`) or act on another layer (`exemptWithinAllowance`).
    public init?(effect: ValidityEffect) {
        switch effect {
        case .valid, .exemptWithinAllowance: return nil
        case .keptFlagged: self = .overRange
        case .notMeasured: self = .notMeasured
        case .invalid: self = .invalid
        case .missing: self = .missing
        case .outOfService: self = .outOfService
        }
    }

    public static func < (lhs: SampleStatus, rhs: SampleStatus) -> Bool { lhs.rawValue < rhs.rawValue }

    public var code: String {
        switch self {
        case .valid: "valid"
        case .overRange: "over-range"
        case .notMeasured: "not-measured"
        case .invalid: "invalid"
        case .missing: "missing"
        case .outOfService: "out-of-service"
        }
    }

    public var description: String { code }
}

/// One value's state in the three layers the national platform keeps side by side: raw (flag
/// only), after marking (flag and marks), and whether an exempting working-condition mark
/// (start-up, shut-down, fault within the allowance) covers it.
public struct SampleState: Sendable, Hashable {
    /// After marking: the flag and every mark covering the value.
    public var status: SampleStatus
    /// Raw: the flag alone, as the device sent it.
    public var flagStatus: SampleStatus
    /// Covered by a mark whose effect is `exemptWithinAllowance`.
    public var isExempt: Bool

    public init(status: SampleStatus, flagStatus: SampleStatus, isExempt: Bool) {
        self.status = status
        self.flagStatus = flagStatus
        self.isExempt = isExempt
    }
}
