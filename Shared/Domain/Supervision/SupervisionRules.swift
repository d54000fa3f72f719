/// All supervision rulesets: the national default and each province's versions. An order keeps
/// the ruleset it was opened under, so a new version applies to new orders only.
public struct SupervisionRules: Sendable {
    public let rulesets: [SupervisionRuleset]

    public init(rulesets: [SupervisionRuleset]) throws(CatalogueError) {
        var problems: [CatalogueError.Problem] = []
        var ids = Set<String>()
        for ruleset in rulesets where !ids.insert(ruleset.id).inserted {
            problems.append(.init(record: ruleset.id, field: "id", message: "规则集编号重复"))
        }
        for (index, ruleset) in rulesets.enumerated() {
            for other in rulesets[(index + 1)...] where other.province == ruleset.province
                && ruleset.effective.until.map({ $0 > other.effective.from }) ?? true
                && other.effective.until.map({ $0 > ruleset.effective.from }) ?? true {
                problems.append(.init(record: other.id, field: "effectiveFrom", message: "与规则集 \(ruleset.id) 同属 \(ruleset.province) 且施行期重叠"))
            }
        }
        guard problems.isEmpty else { throw CatalogueError(problems: problems) }
        self.rulesets = rulesets
    }

    /// The ruleset in force for `province` on `day`: the province's own, else the national one.
    public func ruleset(province: String, on day: CivilDate) -> SupervisionRuleset? {
        let inForce = rulesets.filter { $0.effective.contains(day) }
        return inForce.first { $0.province == province } ?? inForce.first { $0.province == "national" }
    }

    public func ruleset(id: String) -> SupervisionRuleset? { rulesets.first { $0.id == id } }
}
