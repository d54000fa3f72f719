@testable import Channels
import Domain
import Foundation
import Testing

@Suite(.timeLimit(.minutes(1)))
struct TemplateTests {
    /// `【某某市生态环境局】` is 10 characters, brackets included.
    static let open = SMSTemplate(kind: "test.open", version: 1, signature: Fixtures.signature, text: "{body}",
                                  variables: [.init(name: "body", maxLength: 490)])

    @Test("rendered characters include signature and brackets; parts at the 70/71 and 134/135 boundaries", arguments: [
        (60, 70, 1), (61, 71, 2), (124, 134, 2), (125, 135, 3), (191, 201, 3), (192, 202, 4),
    ])
    func partBoundaries(bodyLength: Int, characters: Int, parts: Int) throws {
        let message = try Self.open.render(["body": String(repeating: "测", count: bodyLength)])
        #expect(message.characters == characters)
        #expect(message.parts == parts)
        #expect(message.text.hasPrefix("【某某市生态环境局】"))
        #expect(SMSLength.parts(forCharacters: characters) == parts)
    }

    @Test("the notify.md example: 89 characters, 2 parts")
    func notifyExample() {
        let text = "【某某市生态环境局】电子督办：四川某某水泥股份有限公司的1号窑尾排口于5月6日14时出现颗粒物小时均值超标，单号DB20240506001，请于5月7日14时前登录平台核实反馈。"
        #expect(SMSLength.characters(text) == 89)
        #expect(SMSLength.parts(forCharacters: 89) == 2)
    }

    @Test("over 500 characters with signature is refused at render; the worst case flags it at start-up")
    func fiveHundred() throws {
        #expect(try Self.open.render(["body": String(repeating: "测", count: 490)]).characters == 500)
        #expect(throws: SMSTemplate.RenderError.variableTooLong(name: "body", length: 491, maximum: 490)) {
            try Self.open.render(["body": String(repeating: "测", count: 491)])
        }
        let tooLong = SMSTemplate(kind: "too.long", version: 1, signature: Fixtures.signature, text: "前{body}", variables: [.init(name: "body", maxLength: 490)])
        #expect(throws: SMSTemplate.RenderError.tooLong(characters: 501)) { try tooLong.render(["body": String(repeating: "测", count: 490)]) }
        #expect(tooLong.worstCaseCharacters == 501)
        let problems = SMSTemplateCatalogue(templates: [tooLong, Self.open]).lengthProblems()
        #expect(problems.map(\.kind) == ["test.open", "too.long"])
        #expect(problems.map(\.fatal) == [false, true])
    }

    @Test("the shipped templates: none fatal; the digest's worst case is counted; variables typed")
    func defaults() throws {
        let catalogue = SMSTemplateCatalogue.defaults(signature: Fixtures.signature)
        #expect(catalogue.lengthProblems().allSatisfy { !$0.fatal })
        #expect(catalogue.definitionProblems().isEmpty)
        let digest = try #require(catalogue.template(kind: SMSTemplateCatalogue.digestKind))
        #expect(digest.worstCaseCharacters == 10 + 5 + 30 + 1 + 4 + 13 + 16 + 3 + 12 + 4)
        let rendered = try digest.render(["enterprise": "四川某某水泥股份有限公司", "count": "3", "orderNumber": "DB20240506001", "deadline": "5月7日14时"])
        #expect(rendered.text == "【某某市生态环境局】督办提醒：四川某某水泥股份有限公司有3条自动监测异常待反馈，单号DB20240506001，请于5月7日14时前处理。")
        #expect(rendered.parts == 1)
        #expect(rendered.parameters.map(\.name) == ["enterprise", "count", "orderNumber", "deadline"])
        #expect(throws: SMSTemplate.RenderError.self) {
            try digest.render(["enterprise": "某公司", "count": "三", "orderNumber": "DB1", "deadline": "明天"])
        }
    }

    @Test("variable types refuse values that do not fit", arguments: [
        (SMSTemplate.VariableType.number, "450.0", true), (.number, "-3", true), (.number, "1.2.3", false), (.number, "12a", false), (.number, "", false),
        (.code, "DB20240506001", true), (.code, "DB 1", false), (.phone, "028-8888 8888", true), (.phone, "+86", true), (.phone, "电话", false),
        (.text, "两行\n文字", false), (.organisation, "四川某某水泥股份有限公司", true),
    ])
    func variableTypes(type: SMSTemplate.VariableType, value: String, valid: Bool) {
        #expect((type.problem(with: value) == nil) == valid)
    }

    @Test("templates written before types and approvals still decode; approvals round-trip with their date")
    func codableCompatibility() throws {
        let old = #"{"kind":"k","version":1,"signature":"局","text":"{a}","variables":[{"name":"a","maxLength":5}]}"#
        let decoded = try JSONDecoder().decode(SMSTemplate.self, from: Data(old.utf8))
        #expect(decoded.variables[0].type == .text)
        #expect(decoded.approvals.isEmpty)
        let encoded = try JSONEncoder().encode(Fixtures.template)
        #expect(try JSONDecoder().decode(SMSTemplate.self, from: encoded) == Fixtures.template)
        #expect(String(decoding: encoded, as: UTF8.self).contains(#""approvedOn":"2026-03-02""#))
        let badDate = #"{"kind":"k","version":1,"signature":"局","text":"a","variables":[],"approvals":[{"provider":"alibaba_cloud_sms","templateCode":"SMS_1","approvedOn":"2026-13-01"}]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(SMSTemplate.self, from: Data(badDate.utf8)) }
        #expect(Fixtures.template.approval(for: .tencentCloudSMS)?.templateCode == "1110")
        #expect(Fixtures.template.approval(for: .wecomRobot) == nil)
    }

    @Test("definition check: undeclared placeholder and duplicate approval are fatal, an unused variable is a warning")
    func definitionProblems() {
        let broken = SMSTemplate(kind: "broken", version: 1, signature: "局", text: "{a}{b}{a}", variables: [.init(name: "a", maxLength: 3), .init(name: "c", maxLength: 3)],
                                 approvals: [.init(provider: .alibabaCloudSMS, templateCode: "SMS_1", approvedOn: CivilDate(year: 2026, month: 1, day: 1)!),
                                             .init(provider: .alibabaCloudSMS, templateCode: "", approvedOn: CivilDate(year: 2026, month: 1, day: 2)!)])
        #expect(broken.placeholders == ["a", "b"])
        let problems = SMSTemplateCatalogue(templates: [broken]).definitionProblems()
        #expect(problems.filter(\.fatal).map(\.reason) == ["placeholder {b} has no declared variable", "two approvals at alibaba_cloud_sms",
                                                           "approval at alibaba_cloud_sms has no template code"])
        #expect(problems.filter { !$0.fatal }.map(\.reason) == ["variable c is declared but not used in the text"])
    }
}

@Suite(.timeLimit(.minutes(1)))
struct DeliveryStatusTests {
    @Test("a final status never changes, whatever arrives after it")
    func finalsStay() {
        for final in DeliveryStatus.allCases where final.isFinal {
            for later in DeliveryStatus.allCases {
                #expect(final.merged(with: later) == final)
            }
        }
    }

    @Test("a non-final status moves forward only; applying the same status twice is a no-op")
    func forwardOnly() {
        #expect(DeliveryStatus.queued.merged(with: .submitted) == .submitted)
        #expect(DeliveryStatus.submitted.merged(with: .submitting) == .submitted)
        #expect(DeliveryStatus.uncertain.merged(with: .submitted) == .submitted)
        #expect(DeliveryStatus.submitted.merged(with: .uncertain) == .submitted)
        #expect(DeliveryStatus.unknown.merged(with: .submitted) == .unknown)
        #expect(DeliveryStatus.unknown.merged(with: .delivered) == .delivered)
        for status in DeliveryStatus.allCases {
            #expect(status.merged(with: status) == status)
            #expect(status.merged(with: status).merged(with: status) == status.merged(with: status))
        }
    }

    @Test("any order of the same reports ends in the same final status when one final report is among them")
    func orderIndependence() {
        let reports: [DeliveryStatus] = [.submitted, .delivered, .submitted, .unknown]
        var endings: Set<DeliveryStatus> = []
        for rotation in 0..<reports.count {
            let ordered = Array(reports[rotation...] + reports[..<rotation])
            endings.insert(ordered.reduce(DeliveryStatus.submitting) { $0.merged(with: $1) })
        }
        #expect(endings == [.delivered])
    }

    @Test("stable strings and Chinese names for the order page")
    func names() {
        #expect(DeliveryStatus.failedPermanent.rawValue == "failed_permanent")
        #expect(DeliveryStatus.allCases.allSatisfy { !$0.chineseName.isEmpty })
        #expect(Set(DeliveryStatus.allCases.map(\.chineseName)).count == DeliveryStatus.allCases.count)
    }

    @Test("reconciliation asks at 10 min, 1 h, 24 h and 72 h after submission, then marks unknown")
    func reconciliation() {
        let submitted = Date(timeIntervalSince1970: 1_795_917_600)
        let schedule = ReconciliationSchedule.standard
        let steps = (0...4).map { schedule.next(submittedAt: submitted, checksDone: $0) }
        #expect(steps == [.query(at: submitted.addingTimeInterval(600)), .query(at: submitted.addingTimeInterval(3600)),
                          .query(at: submitted.addingTimeInterval(86_400)), .query(at: submitted.addingTimeInterval(259_200)), .markUnknown])
        #expect(DeliveryStatus.submitted.merged(with: .unknown) == .unknown)
    }
}
