import Domain

/// The rule catalogue as rows of the catalogue tables: (id, document) per record.
struct CatalogueTables {
    let records: [(table: String, records: [(id: String, doc: JSONValue)])]

    init(_ catalogue: RuleCatalogue) {
        records = [
            ("standards", catalogue.standards.standards.map { ($0.id, .object($0.fields)) }),
            ("limit_rows", catalogue.standards.rows.map { ($0.id, .object($0.fields)) }),
            ("mark_types", catalogue.marks.types.map { ($0.id, .object($0.fields)) }),
            ("overlap_rules", catalogue.marks.overlapRules.map { ($0.id, .object($0.fields)) }),
            ("marking_policies", catalogue.marks.policies.map { ($0.id, .object($0.fields)) }),
            ("flag_rules", catalogue.codeRules.flags.map { (Self.flagRuleId($0), .object($0.fields)) }),
            ("status_rules", catalogue.codeRules.statuses.map { ("\($0.code)=\($0.value)", .object($0.fields)) }),
        ]
    }

    /// `F@2017,2025`: a flag's meaning depends on the protocol generation.
    static func flagRuleId(_ rule: CodeRules.FlagRule) -> String {
        "\(rule.flag)@\(rule.protocols.map(\.rawValue).sorted().joined(separator: ","))"
    }
}
