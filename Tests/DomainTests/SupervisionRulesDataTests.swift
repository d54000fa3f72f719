import Domain
import Foundation
import Testing

/// The rules file: it loads, the right ruleset applies per province and day, and mistakes in it
/// are named by record and field.
struct SupervisionRulesDataTests {
    typealias S = Supervision

    @Test("rules.json loads; Sichuan has its own ruleset, other provinces get the national one")
    func lookup() {
        let day = CivilDate(year: 2026, month: 3, day: 2)!
        #expect(S.rules.ruleset(province: "510000", on: day)?.id == "sichuan-2023")
        #expect(S.rules.ruleset(province: "440000", on: day)?.id == "national-2023")
        #expect(S.rules.ruleset(province: "510000", on: CivilDate(year: 2022, month: 6, day: 1)!) == nil)
        #expect(S.sichuan.recipients.stages[.handlingAfter]?.copyUpTo == .province)
        #expect(S.rules.ruleset(id: "national-2023")?.recipients.stages[.handlingAfter]?.copyUpTo == .city)
        #expect(S.sichuan.reminderHoursBefore == [24, 4])
    }

    @Test("every order type has a trigger rule in both rulesets")
    func everyTypeCovered() {
        for ruleset in S.rules.rulesets {
            for type in OrderType.allCases {
                #expect(ruleset.triggers.contains { $0.orderType == type }, "\(ruleset.id) has no trigger for \(type)")
            }
        }
    }

    @Test("working days: a type's own rule beats the default")
    func deadlineLookup() {
        #expect(S.sichuan.workingDays(for: .enterpriseReply, type: .exceedance) == 1)
        #expect(S.sichuan.workingDays(for: .enterpriseReply, type: .suspectedFalseMark) == 3)
        #expect(S.sichuan.workingDays(for: .bureauDecision, type: .suspectedFalsification) == 30)
        #expect(S.sichuan.workingDays(for: .enterpriseResponse, type: .exceedance) == 5)
    }

    @Test("the most specific trigger wins: basis decides between hourly and daily exceedance")
    func specificity() {
        #expect(S.sichuan.trigger(for: S.finding(basis: "hourly"))?.id == "exceedance-hourly")
        #expect(S.sichuan.trigger(for: S.finding(basis: "daily"))?.id == "exceedance-daily")
        #expect(S.sichuan.trigger(for: S.finding(basis: "monthly")) == nil)
        #expect(S.sichuan.trigger(for: S.finding(.abnormalOperation, detail: "constant-values"))?.id == "abnormal-operation")
    }

    static func ruleset(_ body: String) -> String {
        """
        {"format": "duban.supervision.rules.v1", "rulesets": [{"id": "t", "province": "510000", "version": "1", "effectiveFrom": "2026-01-01",
         "source": "test", "provisional": true, "reminders": {"hoursBefore": [24]}, "grouping": {"joinGapHours": 1},
         "recipients": {"pre_warning": {"enterprise": "to", "localBureau": "none"}, "dispatch": {"enterprise": "to", "localBureau": "copy", "copyUpTo": "city"},
                        "handling_after": {"enterprise": "copy", "localBureau": "to"}},
         \(body)}]}
        """
    }

    static let allDeadlines = """
        "deadlines": [{"orderType": "*", "duty": "enterprise_reply", "workingDays": 1}, {"orderType": "*", "duty": "bureau_review", "workingDays": 2},
                      {"orderType": "*", "duty": "enterprise_response", "workingDays": 5}, {"orderType": "*", "duty": "bureau_decision", "workingDays": 15}]
        """

    static func problems(_ text: String) -> [CatalogueError.Problem] {
        do {
            _ = try SupervisionRulesDocument.parse(Data(text.utf8), file: "r.json")
            return []
        } catch {
            return error.problems
        }
    }

    @Test("a minimal valid ruleset parses")
    func minimal() throws {
        let text = Self.ruleset(Self.allDeadlines + #", "triggers": [{"id": "x", "orderType": "exceedance", "afterAcceptedReply": "close", "afterConditionCleared": "close", "source": "s", "provisional": true, "stages": [{"stage": "dispatch", "anyOf": [{"immediately": true}]}]}]"#)
        let rules = try SupervisionRulesDocument.parse(Data(text.utf8), file: "r.json")
        #expect(rules.rulesets.first?.triggers.first?.stages.first?.anyOf == [.immediately])
    }

    @Test("mistakes are named: unknown field, unknown measure, both comparators, missing default deadline, stages out of order, hoursInPreviousStage first")
    func mistakes() {
        let trigger = { (stages: String) in
            Self.ruleset(Self.allDeadlines + #", "triggers": [{"id": "x", "orderType": "exceedance", "afterAcceptedReply": "close", "afterConditionCleared": "close", "source": "s", "provisional": true, "stages": \#(stages)}]"#)
        }
        let misspelt = Self.problems(trigger(#"[{"stage": "dispatch", "anyOf": [{"measure": "durationHours", "atleast": 4}]}]"#))
        #expect(misspelt.first?.field == "rulesets[0].triggers[0].stages[0].anyOf[0].atleast")
        #expect(misspelt.first?.message.contains("未知字段「atleast」") == true)

        let measure = Self.problems(trigger(#"[{"stage": "dispatch", "anyOf": [{"measure": "hours", "atLeast": 4}]}]"#))
        #expect(measure.first?.field == "triggers[0](x).stages[0].anyOf[0]")
        #expect(measure.first?.message.contains("未知指标「hours」") == true)

        let both = Self.problems(trigger(#"[{"stage": "dispatch", "anyOf": [{"measure": "durationHours", "atLeast": 4, "above": 2}]}]"#))
        #expect(both.first?.message == "measure 条件须且只须给出 atLeast 或 above 之一")

        let order = Self.problems(trigger(#"[{"stage": "dispatch", "anyOf": [{"immediately": true}]}, {"stage": "pre_warning", "anyOf": [{"immediately": true}]}]"#))
        #expect(order.contains { $0.field == "stages[1]" && $0.message.contains("顺序") })

        let first = Self.problems(trigger(#"[{"stage": "dispatch", "anyOf": [{"hoursInPreviousStage": 3}]}]"#))
        #expect(first.contains { $0.message.contains("第一个阶段没有前一阶段") })

        let noDefault = Self.problems(Self.ruleset(#""deadlines": [{"orderType": "exceedance", "duty": "enterprise_reply", "workingDays": 1}], "triggers": []"#))
        #expect(noDefault.contains { $0.message.contains("缺少「企业反馈」(enterprise_reply) 的默认期限") })
        #expect(noDefault.contains { $0.message.contains("bureau_decision") })

        let badType = Self.problems(Self.ruleset(#""deadlines": [{"orderType": "smoke", "duty": "enterprise_reply", "workingDays": 1}], "triggers": []"#))
        #expect(badType.first?.message.contains("未知督办类型「smoke」") == true)
    }

    @Test("overlapping rulesets of one province are refused")
    func overlappingVersions() throws {
        let national = S.rules.ruleset(id: "national-2023")!
        #expect(throws: CatalogueError.self) { try SupervisionRules(rulesets: [national, national]) }
    }
}
