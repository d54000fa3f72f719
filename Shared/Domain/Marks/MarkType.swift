/// One type of mark in the catalogue, with its effect on data, what suggests it, the evidence it
/// needs and where its rule comes from.
public struct MarkType: Sendable, Hashable, Identifiable {
    /// A value of an equipment status parameter that suggests the mark (`i12001` = 1 maintenance).
    public struct StatusSuggestion: Sendable, Hashable {
        public var code: String
        public var values: [Int]

        public init(code: String, values: [Int]) {
            self.code = code
            self.values = values
        }
    }

    /// A kind of attachment the mark must (or should) carry.
    public struct Evidence: Sendable, Hashable {
        /// Stable code (`dcs-load-curve`, `om-work-order`, `calibration-record`…).
        public var code: String
        public var nameZh: String
        public var required: Bool

        public init(code: String, nameZh: String, required: Bool) {
            self.code = code
            self.nameZh = nameZh
            self.required = required
        }
    }

    /// Stable id (`equipment.maintenance`, `thermal-power.startup`).
    public var id: String
    public var nameZh: String
    public var nameEn: String
    public var family: MarkFamily
    /// Industries whose working-condition rule defines it; empty for equipment marks (all).
    public var industries: Set<Industry>
    public var effect: ValidityEffect
    /// Device data flags that suggest it (`M`, `C`, `D`, `B`, `T`).
    public var suggestedByFlags: Set<String>
    public var suggestedByStatus: [StatusSuggestion]
    public var evidence: [Evidence]
    /// The reason must start with 【计划内】 or 【计划外】.
    public var reasonPrefixRequired: Bool
    public var effective: EffectivePeriod
    public var sourceNote: String
    public var provisional: Bool

    public init(id: String, nameZh: String, nameEn: String, family: MarkFamily, industries: Set<Industry>,
                effect: ValidityEffect, suggestedByFlags: Set<String>, suggestedByStatus: [StatusSuggestion],
                evidence: [Evidence], reasonPrefixRequired: Bool, effective: EffectivePeriod, sourceNote: String,
                provisional: Bool) {
        self.id = id
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.family = family
        self.industries = industries
        self.effect = effect
        self.suggestedByFlags = suggestedByFlags
        self.suggestedByStatus = suggestedByStatus
        self.evidence = evidence
        self.reasonPrefixRequired = reasonPrefixRequired
        self.effective = effective
        self.sourceNote = sourceNote
        self.provisional = provisional
    }

    /// The planned / unplanned prefixes a reason must start with when `reasonPrefixRequired`.
    public static let reasonPrefixes = ["【计划内】", "【计划外】"]

    /// Why `reason` is not acceptable for this type, or nil.
    public func reasonProblem(_ reason: String) -> String? {
        let trimmed = reason.drop(while: \.isWhitespace)
        guard !trimmed.allSatisfy(\.isWhitespace) else { return "标记须填写原因" }
        if reasonPrefixRequired, !Self.reasonPrefixes.contains(where: { trimmed.hasPrefix($0) }) {
            return "原因须以【计划内】或【计划外】开头"
        }
        return nil
    }
}
