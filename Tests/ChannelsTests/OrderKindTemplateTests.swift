@testable import Channels
import Domain
import Testing

/// Every notification kind Dispatch requests finds a text: its own template, else its family's.
@Suite(.timeLimit(.minutes(1)))
struct OrderKindTemplateTests {
    static let catalogue = SMSTemplateCatalogue.defaults(signature: "四川省生态环境厅")
    static let variables = ["orderNumber": "DB20261129007", "enterprise": "四川蓉能示范发电有限责任公司", "outlet": "1号炉排口",
                            "type": "自动监测设备不正常运行", "stage": "事中调度", "period": "11月29日10时", "deadline": "12月1日18时",
                            "factor": "二氧化硫", "value": "450.0", "unit": "mg/m³", "limit": "35.0"]

    static var kinds: [String] {
        OrderStage.allCases.flatMap { stage in OrderType.allCases.map { "\(stage.rawValue).\($0.rawValue)" } }
            + OrderStage.allCases.map { "resumed.\($0.rawValue)" }
            + ["reply.submitted", "reply.accepted", "reply.returned", "response.submitted", "reassigned", "decision.warning",
               "overdue.enterprise_reply", "reminder.enterprise_reply", "closed", "cancelled"]
    }

    @Test("each kind Dispatch requests renders, within 500 characters, naming the order")
    func everyKindRenders() throws {
        for kind in Self.kinds {
            let template = try #require(Self.catalogue.template(kind: kind), "no template for \(kind)")
            let message = try template.render(Self.variables)
            #expect(message.text.hasPrefix("【四川省生态环境厅】"))
            #expect(message.text.contains("DB20261129007"), "\(kind)")
            #expect(message.characters <= 500)
        }
        #expect(Self.catalogue.definitionProblems().isEmpty)
        #expect(Self.catalogue.lengthProblems().allSatisfy { !$0.fatal })
    }

    @Test("a kind's own template wins over its family's; the family's says what happened by the type's name")
    func familyFallback() throws {
        #expect(Self.catalogue.template(kind: "pre_warning.exceedance")?.kind == "pre_warning.exceedance")
        #expect(Self.catalogue.template(kind: "pre_warning.total_quantity")?.kind == "pre_warning")
        #expect(Self.catalogue.template(kind: "overdue.enterprise_reply")?.kind == "overdue")
        #expect(Self.catalogue.template(kind: "reply.returned")?.kind == "reply.returned")
        #expect(Self.catalogue.template(kind: "unknown_event") == nil)
        let text = try #require(Self.catalogue.template(kind: "dispatch.connection_abnormal")).render(
            Self.variables.merging(["type": "联网异常"]) { _, new in new }).text
        #expect(text == "【四川省生态环境厅】电子督办：四川蓉能示范发电有限责任公司1号炉排口11月29日10时起出现联网异常，单号DB20261129007，请于12月1日18时前登录平台核实反馈。")
        // A notice whose deadline is missing is refused before sending, not sent with a hole.
        #expect(throws: SMSTemplate.RenderError.self) {
            try Self.catalogue.template(kind: "reminder.enterprise_reply")!.render(Self.variables.filter { $0.key != "deadline" })
        }
    }
}
