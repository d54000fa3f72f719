public import Foundation
public import Domain

/// The three rule catalogues Duban judges by, loaded together and checked against each other:
/// standards and limits, marks and marking rules, and the code-table rules.
public struct RuleCatalogue: Sendable {
    public static let standardsFile = "standards.json"
    public static let marksFile = "marks.json"
    public static let codeRulesFile = "code-rules.json"

    public var standards: StandardsCatalogue
    public var marks: MarkCatalogue
    public var codeRules: CodeRules
    /// Things worth a look that do not stop an import: limit rows naming a factor the HJ 212 code
    /// tables do not know (a typo, or a factor the tables still lack).
    public var warnings: [ImportProblem]

    /// Checks that every device flag a mark type is suggested by has a code rule, and that flags
    /// and status codes exist in the HJ 212 code tables.
    public init(standards: StandardsCatalogue, marks: MarkCatalogue, codeRules: CodeRules) throws(ImportError) {
        let knownFlags = Set(codeRules.flags.map(\.flag))
        var problems = marks.types.flatMap { type in
            type.suggestedByFlags.subtracting(knownFlags).sorted().map {
                ImportProblem(file: Self.marksFile, record: "types (\(type.id))", field: "suggestedByFlags",
                              message: "数据标记 \($0) 在 \(Self.codeRulesFile) 中没有定义")
            }
        }
        problems += CodeTableCheck.problems(in: codeRules).map {
            ImportProblem(file: Self.codeRulesFile, record: $0.record, field: $0.field, message: $0.message)
        }
        problems += CodeTableCheck.problems(in: marks).map {
            ImportProblem(file: Self.marksFile, record: $0.record, field: $0.field, message: $0.message)
        }
        guard problems.isEmpty else { throw ImportError(problems: problems) }
        warnings = CodeTableCheck.unknownFactors(in: standards).map {
            ImportProblem(file: Self.standardsFile, record: $0.rowIds.count == 1 ? $0.rowIds[0] : "\($0.rowIds[0]) 等 \($0.rowIds.count) 行",
                          field: "factor", message: "因子 \($0.factor) 不在 HJ 212 代码表中（拼写错误，或代码表尚未收录）")
        }
        self.standards = standards
        self.marks = marks
        self.codeRules = codeRules
    }

    /// Reads `standards.json`, `marks.json` and `code-rules.json` from `directory`
    /// (`data/catalogue` by default); throws every problem of every file.
    public static func load(directory: URL) throws(ImportError) -> RuleCatalogue {
        var problems: [ImportProblem] = []
        func read<T>(_ name: String, _ parse: (Data, String) throws(ImportError) -> T) -> T? {
            let url = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                problems.append(ImportProblem(file: url.path, record: "", field: "", message: "无法读取文件"))
                return nil
            }
            do {
                return try parse(data, url.path)
            } catch {
                problems.append(contentsOf: error.problems)
                return nil
            }
        }
        let standards = read(standardsFile, StandardsDocument.parse)
        let marks = read(marksFile, MarksDocument.parse)
        let codeRules = read(codeRulesFile, CodeRulesDocument.parse)
        guard let standards, let marks, let codeRules, problems.isEmpty else { throw ImportError(problems: problems) }
        return try RuleCatalogue(standards: standards.catalogue, marks: marks.catalogue, codeRules: codeRules.rules)
    }
}
