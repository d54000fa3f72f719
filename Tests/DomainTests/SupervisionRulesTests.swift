import Domain
import Foundation
import HJ212
import Testing

/// Rules of the thin path: O2 reference conversion, the hourly exceedance check, SMS length and
/// templates, order numbers, and the mapping of a decoded upload to a measurement.
struct OxygenReferenceTests {
    @Test("C_ref = C × (21 − O2_ref) / (21 − O2_meas): coal boiler 6 %, cement kiln 10 %, gas turbine 15 %")
    func conversionAtReferenceLevels() {
        // 100 mg/m³ measured at 9 % O2.
        #expect(abs(OxygenReference.convert(concentration: 100, measuredO2: 9, referenceO2: 6).value - 125) < 1e-9)
        #expect(abs(OxygenReference.convert(concentration: 100, measuredO2: 9, referenceO2: 10).value - 91.666_666_666) < 1e-6)
        #expect(abs(OxygenReference.convert(concentration: 100, measuredO2: 9, referenceO2: 15).value - 50) < 1e-9)
    }

    @Test("O2 near 21 % is capped and flagged instead of dividing by almost zero")
    func oxygenNear21() {
        let result = OxygenReference.convert(concentration: 10, measuredO2: 20.9, referenceO2: 6)
        #expect(result.oxygenNear21)
        #expect(result.value == 10 * 15 / 2)
        #expect(!OxygenReference.convert(concentration: 10, measuredO2: 18, referenceO2: 6).oxygenNear21)
    }
}

struct HourlyExceedanceCheckTests {
    typealias Input = HourlyExceedanceCheck.Input

    @Test("a valid converted hourly mean above the limit exceeds, with the multiple over the limit")
    func exceeds() {
        let outcome = HourlyExceedanceCheck.evaluate(Input(mean: 300, convertedMean: nil, flag: "N", oxygenMean: 9, referenceO2: 6, limit: 200))
        guard case .exceeded(let value, let multiple, let source, let near21) = outcome else {
            Issue.record("expected an exceedance, got \(outcome)")
            return
        }
        #expect(value == 375)
        #expect(abs(multiple - 0.875) < 1e-12)
        #expect(source == .recomputedFromO2)
        #expect(!near21)
    }

    @Test("a value equal to the limit is not an exceedance")
    func equalIsWithin() {
        #expect(HourlyExceedanceCheck.evaluate(Input(mean: 35, convertedMean: nil, flag: "N", oxygenMean: 6, referenceO2: 6, limit: 35))
            == .withinLimit(value: 35, source: .recomputedFromO2))
    }

    @Test("flags other than N make the hour invalid, never an exceedance", arguments: ["C", "M", "D", "F", "B", "S", "T"])
    func invalidFlags(flag: String) {
        #expect(HourlyExceedanceCheck.evaluate(Input(mean: 999, convertedMean: 999, flag: flag, oxygenMean: 6, referenceO2: 6, limit: 35))
            == .invalid(flag: flag))
    }

    @Test("without O2 the device's converted mean is used; without either there is no value")
    func fallbacks() {
        #expect(HourlyExceedanceCheck.evaluate(Input(mean: 10, convertedMean: 40, flag: "N", oxygenMean: nil, referenceO2: 6, limit: 35))
            == .exceeded(value: 40, multiple: 40.0 / 35 - 1, source: .deviceConverted, oxygenNear21: false))
        #expect(HourlyExceedanceCheck.evaluate(Input(mean: 10, convertedMean: nil, flag: "N", oxygenMean: nil, referenceO2: 6, limit: 35)) == .noValue)
        #expect(HourlyExceedanceCheck.evaluate(Input(mean: 90, convertedMean: nil, flag: nil, oxygenMean: nil, referenceO2: nil, limit: 80))
            == .exceeded(value: 90, multiple: 90.0 / 80 - 1, source: .measured, oxygenNear21: false))
    }
}

struct SMSTests {
    @Test("70 characters fit one SMS; 71 need two parts of 67; 134 two; 135 three", arguments: [(70, 1), (71, 2), (134, 2), (135, 3), (1, 1), (500, 8)])
    func parts(characters: Int, parts: Int) {
        #expect(SMSLength.parts(forCharacters: characters) == parts)
    }

    @Test("the notify.md example of 89 characters, signature and brackets included, is 2 parts")
    func notifyExample() {
        let text = "【某某市生态环境局】电子督办：四川某某水泥股份有限公司的1号窑尾排口于5月6日14时出现颗粒物小时均值超标，单号DB20240506001，请于5月7日14时前登录平台核实反馈。"
        #expect(SMSLength.characters(text) == 89)
        #expect(SMSLength.parts(forCharacters: 89) == 2)
    }

    @Test("rendering fills every variable, prefixes the signature and counts parts")
    func render() throws {
        let template = SMSTemplateCatalogue.defaults(signature: "某某市生态环境局").template(kind: "pre_warning.exceedance")!
        let message = try template.render([
            "enterprise": "四川某某发电有限公司", "outlet": "1号炉排口", "period": "11月29日10时", "factor": "二氧化硫",
            "value": "450.0", "unit": "mg/m³", "limit": "35.0", "orderNumber": "DB20261129001",
        ])
        #expect(message.text.hasPrefix("【某某市生态环境局】事前预警：四川某某发电有限公司1号炉排口11月29日10时二氧化硫小时均值450.0mg/m³"))
        #expect(message.text.contains("超过限值35.0mg/m³"))
        #expect(!message.text.contains("{"))
        #expect(message.characters == message.text.count)
        #expect(message.parts == SMSLength.parts(forCharacters: message.characters))
    }

    @Test("rendering refuses a missing variable, an over-long one and a URL")
    func renderRefusals() {
        let template = SMSTemplate(kind: "k", version: 1, signature: "局", text: "{a}{b}", variables: [.init(name: "a", maxLength: 3), .init(name: "b", maxLength: 30)])
        #expect(throws: SMSTemplate.RenderError.missingVariable("b")) { try template.render(["a": "x"]) }
        #expect(throws: SMSTemplate.RenderError.variableTooLong(name: "a", length: 4, maximum: 3)) { try template.render(["a": "四个字符", "b": ""]) }
        #expect(throws: SMSTemplate.RenderError.containsURL("b")) { try template.render(["a": "x", "b": "见 https://x.cn"]) }
    }

    @Test("the worst case counts every occurrence of a variable at its maximum length")
    func worstCase() {
        let template = SMSTemplate(kind: "k", version: 1, signature: "局局", text: "{a}和{a}", variables: [.init(name: "a", maxLength: 5)])
        #expect(template.worstCaseCharacters == 4 + 11)
        let long = SMSTemplate(kind: "long", version: 1, signature: "局", text: "{a}", variables: [.init(name: "a", maxLength: 600)])
        let problems = SMSTemplateCatalogue(templates: [long, template]).lengthProblems()
        #expect(problems.count == 1)
        #expect(problems.first?.fatal == true)
        #expect(SMSTemplateCatalogue.defaults(signature: "四川省生态环境厅").lengthProblems().allSatisfy { !$0.fatal })
    }

    @Test("phone numbers are masked to 3 + 4 digits")
    func mask() {
        #expect(DeliveryRecord.mask(phone: "13800000001") == "138****0001")
        #expect(DeliveryRecord.mask(phone: "123") == "***")
    }
}

struct OrderNumberTests {
    @Test("DB + China-Standard-Time date + 3-digit sequence, wider when the day passes 999")
    func format() {
        #expect(OrderNumber.make(chinaDate: (2024, 5, 6), sequenceOfDay: 1) == "DB20240506001")
        #expect(OrderNumber.make(chinaDate: (2026, 11, 29), sequenceOfDay: 1234) == "DB202611291234")
    }

    @Test("China Standard Time is UTC+8: 2026-11-28 16:30 UTC is 11月29日0时 in China")
    func chinaTime() {
        let instant = Date(timeIntervalSince1970: 1_795_883_400)  // 2026-11-28T16:30:00Z
        let parts = ChinaTime.components(of: instant)
        #expect((parts.year, parts.month, parts.day, parts.hour, parts.minute) == (2026, 11, 29, 0, 30))
    }
}

struct MeasurementMappingTests {
    static func packet(_ text: String) throws -> Packet {
        let segment = Array(text.utf8)
        let frame = try PacketEncoder.frame(segment: segment)
        guard case .packet(let packet) = FrameDecoder.decodeAll(frame).first else {
            throw MappingFailure()
        }
        return packet
    }

    struct MappingFailure: Error {}

    @Test("an hourly upload maps to a measurement: DataTime in CST becomes the UTC instant, 2005 codes map to 2017 keeping the original")
    func hourly() throws {
        let packet = try Self.packet("QN=20261129110000000;ST=31;CN=2061;PW=123456;MN=88888880000001;Flag=5;CP=&&DataTime=20261129100000;a21026-Avg=450.0,a21026-ZsAvg=460.5,a21026-Flag=N;02-Avg=1.5&&")
        let received = Date(timeIntervalSince1970: 1_795_917_600 + 3_700)  // just after the hour ended
        let measurement = try #require(MeasurementRecord(packet: packet, frameId: "f1", receivedAt: received))
        #expect(measurement.dataTime == Date(timeIntervalSince1970: 1_795_917_600))  // 2026-11-29T02:00:00Z
        #expect(measurement.cn == "2061")
        #expect(measurement.readings.count == 2)
        #expect(measurement.readings[0] == FactorReading(factor: "a21026", avg: 450, zsAvg: 460.5, flag: "N"))
        #expect(measurement.readings[1] == FactorReading(factor: "a21026", originalCode: "02", avg: 1.5))
        #expect(!measurement.late)
        #expect(measurement.eventId == "m:88888880000001:2061:1795917600:0")
    }

    @Test("an hour received a day later is re-sent history (补传); a non-data command is not a measurement")
    func lateAndNonData() throws {
        let packet = try Self.packet("QN=20261129110000000;ST=31;CN=2061;PW=123456;MN=M1;Flag=5;CP=&&DataTime=20261129100000;a21026-Avg=1&&")
        let late = try #require(MeasurementRecord(packet: packet, frameId: "f", receivedAt: Date(timeIntervalSince1970: 1_795_917_600 + 86_400)))
        #expect(late.late)
        let notify = try Self.packet("QN=20261129110000000;ST=91;CN=1013;PW=123456;MN=M1;Flag=5;CP=&&&&")
        #expect(MeasurementRecord(packet: notify, frameId: "f", receivedAt: Date()) == nil)
    }
}
