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

    /// Checks that every device flag a mark type is suggested by has a code rule.
    public init(standards: StandardsCatalogue, marks: MarkCatalogue, codeRules: CodeRules) throws(ImportError) {
        let knownFlags = Set(codeRules.flags.map(\.flag))
        let problems = marks.types.flatMap { type in
            type.suggestedByFlags.subtracting(knownFlags).sorted().map {
                ImportProblem(file: Self.marksFile, record: "types (\(type.id))", field: "suggestedByFlags",
                              message: "数据标记 \($0) 在 \(Self.codeRulesFile) 中没有定义")
            }
        }
        guard problems.isEmpty else { throw ImportError(problems: problems) }
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
