import Foundation
import Testing
@testable import Domain

/// The rules file: the seed as shipped, and every kind of bad file refused with a path.
@Suite(.timeLimit(.minutes(1)))
struct JudgmentRulesFileTests {
    typealias F = JudgmentFixtures

    @Test("the seed rules load, carry HJ 75's thresholds and name the provisional sections")
    func seed() throws {
        let rules = F.rules
        #expect(rules.version == "2026.1")
        #expect(rules.aggregation.hourMinimumValidMinutes == 45 && rules.aggregation.dayMinimumValidHours == 20)
        #expect(rules.monthMinimumValidDays(month: 2) == 23 && rules.monthMinimumValidDays(month: 3) == 25)
        #expect(rules.gapExemption.maximumHours == 8 && rules.gapExemption.perQuarter == 1)
        #expect(!rules.aggregation.provisional && !rules.gapExemption.provisional)
        #expect(rules.provisionalSections == ["water", "deviceMean", "oxygen", "substitution", "totals", "gaps", "equipment", "suspicion"])
        #expect(F.book.rules(on: CivilDate(iso: "2016-12-31")!) == nil)
        #expect(F.book.rules(version: "2026.1") == rules)
    }

    static func seedObject() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: F.rulesFile)) as! [String: Any]
    }

    static func parse(_ mutate: (inout [String: Any], inout [String: Any]) -> Void) -> JudgmentRulesError? {
        var root = try! seedObject()
        var versions = root["versions"] as! [[String: Any]]
        var version = versions[0]
        mutate(&root, &version)
        versions[0] = version
        root["versions"] = versions
        let data = try! JSONSerialization.data(withJSONObject: root)
        do {
            _ = try JudgmentRuleBook.parse(data, file: "judgment-rules.json")
            return nil
        } catch {
            return error
        }
    }

    static func section(_ version: inout [String: Any], _ name: String, _ change: (inout [String: Any]) -> Void) {
        var object = version[name] as! [String: Any]
        change(&object)
        version[name] = object
    }

    @Test("a missing value names its path")
    func missingValue() throws {
        let error = try #require(Self.parse { _, version in Self.section(&version, "aggregation") { $0["dayMinimumValidHours"] = nil } })
        #expect(error.problems == [.init(path: "versions[0].aggregation.dayMinimumValidHours", message: "缺少该字段")])
        #expect(error.description.hasPrefix("judgment-rules.json: versions[0].aggregation.dayMinimumValidHours"))
    }

    @Test("a misspelt key is refused, not ignored")
    func unknownKey() throws {
        let error = try #require(Self.parse { _, version in Self.section(&version, "substitution") { rows in
            var list = rows["rows"] as! [[String: Any]]
            list[1]["maximumGapHour"] = 48
            rows["rows"] = list
        } })
        #expect(error.problems.map(\.path) == ["versions[0].substitution.rows[1].maximumGapHour"])
    }

    @Test("a mistyped value names the type expected")
    func wrongType() throws {
        let error = try #require(Self.parse { _, version in Self.section(&version, "aggregation") { $0["hourMinimumValidMinutes"] = "45" } })
        #expect(error.problems.first?.path == "versions[0].aggregation.hourMinimumValidMinutes")
        #expect(error.problems.first?.message.contains("整数") == true)
    }

    @Test("values out of range are all reported")
    func outOfRange() throws {
        let error = try #require(Self.parse { _, version in
            Self.section(&version, "aggregation") { $0["hourMinimumValidMinutes"] = 61 }
            Self.section(&version, "oxygen") { $0["maximumMeasuredO2"] = 21 }
            Self.section(&version, "equipment") { $0["flagRuns"] = [["flag": "X", "maximumRunMinutes": 10, "maximumRunsPerDay": 1]] }
        })
        #expect(error.problems.map(\.path) == ["versions[0].aggregation.hourMinimumValidMinutes", "versions[0].oxygen.maximumMeasuredO2",
                                               "versions[0].equipment.flagRuns[0].flag"])
    }

    @Test("the substitution table must end with a row that always applies")
    func substitutionCatchAll() throws {
        let error = try #require(Self.parse { _, version in Self.section(&version, "substitution") { object in
            object["rows"] = [["minimumCaptureRate": 0.9, "previousValidHours": 720]]
        } })
        #expect(error.problems.map(\.path) == ["versions[0].substitution.rows[0]"])
    }

    @Test("two versions in force on the same day are refused; consecutive ones select by day")
    func versions() throws {
        var root = try Self.seedObject()
        var versions = root["versions"] as! [[String: Any]]
        var first = versions[0], second = versions[0]
        first["effectiveUntil"] = "2026-07-01"
        second["version"] = "2026.2"
        second["effectiveFrom"] = "2026-06-01"
        versions = [first, second]
        root["versions"] = versions
        #expect(throws: JudgmentRulesError.self) { try JudgmentRuleBook.parse(JSONSerialization.data(withJSONObject: root), file: "f") }

        second["effectiveFrom"] = "2026-07-01"
        root["versions"] = [first, second]
        let book = try JudgmentRuleBook.parse(JSONSerialization.data(withJSONObject: root), file: "f")
        #expect(book.rules(on: CivilDate(iso: "2026-06-30")!)?.version == "2026.1")
        #expect(book.rules(on: CivilDate(iso: "2026-07-01")!)?.version == "2026.2")
        // 2026-07-01 00:00 China time is 2026-06-30 16:00 UTC.
        #expect(book.rules(at: F.cst("2026-07-01"))?.version == "2026.2")
    }

    @Test("a wrong format and malformed JSON are refused")
    func formatAndSyntax() throws {
        let error = try #require(Self.parse { root, _ in root["format"] = "duban.rules.judgment.v0" })
        #expect(error.problems.map(\.path) == ["format"])
        #expect(throws: JudgmentRulesError.self) { try JudgmentRuleBook.parse(Data("{".utf8), file: "f") }
    }
}
