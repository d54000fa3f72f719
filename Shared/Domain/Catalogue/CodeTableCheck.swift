import HJ212

/// Checks the rule catalogues against the HJ 212 code tables (the one source of code names and
/// formats), so a rule cannot name a flag, status code or factor the codec does not know.
public enum CodeTableCheck {
    /// Errors: flag rules naming a data flag, or status rules naming a site-information code or
    /// value, that the HJ 212 tables do not define.
    public static func problems(in codeRules: CodeRules) -> [CatalogueError.Problem] {
        let tables = CodeTables.standard
        var problems: [CatalogueError.Problem] = []
        for rule in codeRules.flags where tables.dataFlag(rule.flag) == nil {
            problems.append(.init(record: "flag \(rule.flag)", field: "flag", message: "HJ 212 代码表中没有数据标记 \(rule.flag)"))
        }
        for rule in codeRules.statuses {
            guard let info = tables.infoCode(rule.code) else {
                problems.append(.init(record: "\(rule.code)=\(rule.value)", field: "code", message: "HJ 212 代码表中没有现场信息编码 \(rule.code)"))
                continue
            }
            if !info.values.isEmpty, info.values[String(rule.value)] == nil {
                problems.append(.init(record: "\(rule.code)=\(rule.value)", field: "value",
                                      message: "HJ 212 代码表中 \(rule.code) 没有取值 \(rule.value)"))
            }
        }
        return problems
    }

    /// Errors: mark types suggested by a data flag or status value the HJ 212 tables do not define.
    public static func problems(in marks: MarkCatalogue) -> [CatalogueError.Problem] {
        let tables = CodeTables.standard
        var problems: [CatalogueError.Problem] = []
        for type in marks.types {
            for flag in type.suggestedByFlags.sorted() where tables.dataFlag(flag) == nil {
                problems.append(.init(record: type.id, field: "suggestedByFlags", message: "HJ 212 代码表中没有数据标记 \(flag)"))
            }
            for status in type.suggestedByStatus {
                guard let info = tables.infoCode(status.code) else {
                    problems.append(.init(record: type.id, field: "suggestedByStatus", message: "HJ 212 代码表中没有现场信息编码 \(status.code)"))
                    continue
                }
                for value in status.values where !info.values.isEmpty && info.values[String(value)] == nil {
                    problems.append(.init(record: type.id, field: "suggestedByStatus",
                                          message: "HJ 212 代码表中 \(status.code) 没有取值 \(value)"))
                }
            }
        }
        return problems
    }

    /// Factor codes used by limit rows that the HJ 212 tables do not know, with the rows using
    /// them. A warning, not an error: a province may extend the code tables for its own factors.
    public static func unknownFactors(in standards: StandardsCatalogue) -> [(factor: String, rowIds: [String])] {
        let tables = CodeTables.standard
        let unknown = Dictionary(grouping: standards.rows.filter { tables.factor($0.factor) == nil }, by: \.factor)
        return unknown.keys.sorted().map { ($0, unknown[$0]!.map(\.id).sorted()) }
    }

    /// The HJ 212 name of a factor code (`a21026` → 二氧化硫), when the tables know it.
    public static func factorName(_ code: String) -> String? { CodeTables.standard.factor(code)?.name }
}
