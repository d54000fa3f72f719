/// What a mark (or a device flag) does to the data it covers.
public enum ValidityEffect: String, Sendable, Hashable, CaseIterable, Codable {
    /// Invalid data: not used to decide an exceedance (MEE 2022 No. 21).
    case invalid
    /// Treated as missing data (power or transmission loss): pre-warning, abnormal operation.
    case missing
    /// Kept and counted, flagged and supervised (over range).
    case keptFlagged = "kept-flagged"
    /// Excluded from exceedance only within the allowed time and only if the facilities met their
    /// requirements meanwhile (start-up, shut-down, fault of production or control facilities).
    case exemptWithinAllowance = "exempt-within-allowance"
    /// Source out of service: leaves the transmission-rate statistics; emissions inside it are
    /// still caught by a stop-flow limit.
    case outOfService = "out-of-service"
    /// A valid measurement.
    case valid
    /// Not a measurement at all (manually set value, flag S): never counts as a valid measured value.
    case notMeasured = "not-measured"

    public var nameZh: String {
        switch self {
        case .invalid: "无效"
        case .missing: "缺失"
        case .keptFlagged: "保留并标示"
        case .exemptWithinAllowance: "允许时长内豁免"
        case .outOfService: "停运"
        case .valid: "有效"
        case .notMeasured: "非实测"
        }
    }

    /// True when data carrying this effect may not decide an exceedance outright. For
    /// `exemptWithinAllowance` the caller still checks the allowance.
    public var excludesFromExceedance: Bool {
        switch self {
        case .invalid, .missing, .outOfService, .notMeasured, .exemptWithinAllowance: true
        case .keptFlagged, .valid: false
        }
    }
}
