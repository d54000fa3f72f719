/// What each data flag does to validity for one protocol generation, taken from the code rules
/// (`data/catalogue/code-rules.json`): `F` meant "source stopped" in 2005 and "instrument stopped"
/// since 2017. Held as a table indexed by the flag byte so resolving a year of minutes does no
/// lookups by string.
public struct FlagEffects: Sendable, Hashable {
    private var table: [SampleStatus]
    public let protocolVersion: MonitoringPoint.ProtocolVersion

    /// Flags the code rules leave undefined for this protocol count as invalid (CodeRules: "the
    /// caller treats the value as invalid and raises an anomaly"); nothing received is missing.
    public init(codeRules: CodeRules, protocol version: MonitoringPoint.ProtocolVersion) {
        protocolVersion = version
        table = DataFlag.allCases.map { flag in
            switch flag {
            case .absent: return .missing
            case .unknown: return .invalid
            default:
                guard let code = flag.code, let rule = codeRules.rule(flag: code, protocol: version) else { return .invalid }
                return SampleStatus(effect: rule.effect) ?? .valid
            }
        }
    }

    public func status(of flag: DataFlag) -> SampleStatus { table[Int(flag.rawValue)] }

    /// Flags with no rule for this protocol (treated as invalid and reported).
    public static func undefinedFlags(in codeRules: CodeRules, protocol version: MonitoringPoint.ProtocolVersion) -> [DataFlag] {
        DataFlag.allCases.filter { flag in
            guard let code = flag.code else { return flag == .unknown }
            return codeRules.rule(flag: code, protocol: version) == nil
        }
    }
}
