import Testing
@testable import Domain

/// The rule layer must only name codes the HJ 212 code tables define.
@Suite(.timeLimit(.minutes(1)))
struct CodeTableCheckTests {
    static let always = EffectivePeriod(from: CivilDate(iso: "2017-05-01")!)!

    @Test func flagsAndStatusValuesUnknownToHJ212AreErrors() throws {
        let rules = try CodeRules(flags: [
            .init(flag: "N", protocols: [.hj212v2017], effect: .valid, sourceNote: "t", provisional: false),
            .init(flag: "Q", protocols: [.hj212v2017], effect: .invalid, sourceNote: "t", provisional: false),
        ], statuses: [
            .init(code: "i12001", value: 2, meaningZh: "故障", sourceNote: "t", provisional: false),
            .init(code: "i12001", value: 4, meaningZh: "?", sourceNote: "t", provisional: false),
            .init(code: "i99999", value: 0, meaningZh: "?", sourceNote: "t", provisional: false),
        ])
        let problems = CodeTableCheck.problems(in: rules)
        #expect(Set(problems.map { "\($0.record)|\($0.field)" }) == ["flag Q|flag", "i12001=4|value", "i99999=0|code"])
    }

    @Test func markSuggestionsMustNameKnownCodes() throws {
        let type = MarkType(id: "equipment.x", nameZh: "x", nameEn: "x", family: .equipment, industries: [], effect: .invalid,
                            suggestedByFlags: ["M", "Z"], suggestedByStatus: [.init(code: "i12001", values: [1, 42])], evidence: [],
                            reasonPrefixRequired: false, effective: Self.always, sourceNote: "t", provisional: false)
        let marks = try MarkCatalogue(types: [type], overlapRules: [], policies: [])
        let messages = CodeTableCheck.problems(in: marks).map(\.message)
        #expect(messages.count == 2)
        #expect(messages.contains { $0.contains("Z") })
        #expect(messages.contains { $0.contains("42") })
    }

    @Test func duplicateRulesForOneFlagAndProtocolAreRefused() {
        #expect(throws: CatalogueError.self) {
            _ = try CodeRules(flags: [
                .init(flag: "F", protocols: [.hj212v2017, .hj212v2005], effect: .invalid, sourceNote: "t", provisional: false),
                .init(flag: "F", protocols: [.hj212v2005], effect: .outOfService, sourceNote: "t", provisional: false),
            ], statuses: [])
        }
    }

    @Test func factorNamesComeFromTheHJ212Tables() {
        #expect(CodeTableCheck.factorName("a21026") == "二氧化硫")
        #expect(CodeTableCheck.factorName("a99999") == nil)
    }
}
