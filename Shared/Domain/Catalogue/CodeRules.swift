/// What the HJ 212 codes mean for judging: each data flag's effect on validity, and the meaning
/// of each value of the equipment status codes (i12001, i22001…). Which flags and status values
/// suggest which enterprise mark is the mark catalogue's (`MarkType.suggestedByFlags`). Names and formats of the codes live in the HJ212 module's `CodeTables`; this is the rule
/// layer on top, kept as data with its source so a province can change it.
public struct CodeRules: Sendable {
    public struct FlagRule: Sendable, Hashable {
        /// The `-Flag` value (`N`, `M`, `C`…).
        public var flag: String
        /// The protocol generations in which the flag has this meaning (`F` meant "source stopped"
        /// in 2005, "instrument stopped" since 2017).
        public var protocols: Set<MonitoringPoint.ProtocolVersion>
        public var effect: ValidityEffect
        public var sourceNote: String
        public var provisional: Bool

        public init(flag: String, protocols: Set<MonitoringPoint.ProtocolVersion>, effect: ValidityEffect,
                    sourceNote: String, provisional: Bool) {
            self.flag = flag
            self.protocols = protocols
            self.effect = effect
            self.sourceNote = sourceNote
            self.provisional = provisional
        }
    }

    public struct StatusRule: Sendable, Hashable {
        /// The site-information code (`i12001`).
        public var code: String
        public var value: Int
        public var meaningZh: String
        public var sourceNote: String
        public var provisional: Bool

        public init(code: String, value: Int, meaningZh: String, sourceNote: String, provisional: Bool) {
            self.code = code
            self.value = value
            self.meaningZh = meaningZh
            self.sourceNote = sourceNote
            self.provisional = provisional
        }
    }

    public let flags: [FlagRule]
    public let statuses: [StatusRule]

    /// Checks that each (flag, protocol) and (code, value) has exactly one rule.
    public init(flags: [FlagRule], statuses: [StatusRule]) throws(CatalogueError) {
        var problems: [CatalogueError.Problem] = []
        var seen = Set<String>()
        for rule in flags {
            if rule.protocols.isEmpty {
                problems.append(.init(record: "flag \(rule.flag)", field: "protocols", message: "至少要适用于一个协议版本"))
            }
            for version in rule.protocols where !seen.insert("\(rule.flag)/\(version.rawValue)").inserted {
                problems.append(.init(record: "flag \(rule.flag)", field: "protocols", message: "协议 \(version.rawValue) 下重复定义"))
            }
        }
        for rule in statuses {
            if !seen.insert("\(rule.code)=\(rule.value)").inserted {
                problems.append(.init(record: "\(rule.code)=\(rule.value)", field: "value", message: "重复定义"))
            }
        }
        guard problems.isEmpty else { throw CatalogueError(problems: problems) }
        self.flags = flags
        self.statuses = statuses
    }

    /// The rule for a flag as sent by a device of `protocol`; nil for a flag the catalogue does not
    /// know (the caller treats the value as invalid and raises an anomaly).
    public func rule(flag: String, protocol version: MonitoringPoint.ProtocolVersion) -> FlagRule? {
        flags.first { $0.flag == flag && $0.protocols.contains(version) }
    }

    public func rule(status code: String, value: Int) -> StatusRule? {
        statuses.first { $0.code == code && $0.value == value }
    }
}
