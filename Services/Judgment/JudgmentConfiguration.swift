import Domain
import Foundation
import Runtime

/// Judgment's own configuration: the judgment rules file.
///
/// Environment: `DUBAN_JUDGMENT_RULES` (default `data/rules/judgment-rules.json`, looked up from
/// the working directory, then from the directories above the executable, so a service started
/// from a build folder of the checkout finds the checkout's file).
struct JudgmentConfiguration: Sendable {
    static let defaultRulesPath = "data/rules/judgment-rules.json"
    let ruleBook: JudgmentRuleBook
    let rulesPath: String

    static func load(_ environment: Runtime.Environment) throws -> JudgmentConfiguration {
        let path: String
        if let configured = environment.optionalString("DUBAN_JUDGMENT_RULES") {
            path = configured
        } else {
            path = locate(defaultRulesPath) ?? defaultRulesPath
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(variable: "DUBAN_JUDGMENT_RULES", expected: "a readable judgment rules file", found: path)
        }
        return JudgmentConfiguration(ruleBook: try JudgmentRuleBook.parse(data, file: path), rulesPath: path)
    }

    /// `relative` under the working directory or under a directory above the executable.
    static func locate(_ relative: String) -> String? {
        if FileManager.default.fileExists(atPath: relative) { return relative }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }
}
