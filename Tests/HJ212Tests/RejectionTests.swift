import HJ212
import Testing

/// One case per reject reason: the input, the mode, and the reason the first rejection must carry.
@Suite("Every rejection reason")
struct RejectionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        let options: DecodeOptions
        let reason: RejectReason
        var testDescription: String { "\(reason.rawValue): \(name)" }

        init(_ name: String, _ bytes: [UInt8], _ reason: RejectReason, _ options: DecodeOptions = .strict) {
            self.name = name
            self.bytes = bytes
            self.options = options
            self.reason = reason
        }
    }

    static let header = "QN=20240123131502123;ST=31;CN=2011;PW=123456;MN=010000A8900016F000169DC0;Flag=5;"

    static func segment(_ cp: String, header: String = header) -> [UInt8] {
        TestFrames.frame(header + "CP=&&" + cp + "&&")
    }

    static let cases: [Case] = [
        Case("garbage before a frame", Array("hello world".utf8) + TestFrames.flueGas, .badHeader),
        Case("## not followed by four digits", Array("##ab12xyz".utf8) + TestFrames.flueGas, .badHeader),
        Case("length field below the shortest segment", Array("##0003abc".utf8) + TestFrames.flueGas, .badLength),
        Case("declared length one more than the segment",
             TestFrames.frame(TestFrames.flueGasSegment, declaredLength: TestFrames.flueGasSegment.utf8.count + 1), .lengthMismatch),
        Case("declared length off and CRC stale",
             TestFrames.frame(TestFrames.flueGasSegment, crc: .fixed("0B40"), terminator: "", declaredLength: 100), .lengthMismatch),
        Case("CRC field wrong", TestFrames.frame(TestFrames.flueGasSegment, crc: .fixed("1234")), .crcMismatch),
        Case("one data byte flipped", {
            var bytes = TestFrames.flueGas
            bytes[40] ^= 0x01
            return bytes
        }(), .crcMismatch),
        Case("Modbus CRC in strict mode", TestFrames.frame(TestFrames.flueGasSegment, crc: .modbusSwapped), .modbusCRC),
        Case("segment over 1024 bytes in strict mode",
             segment("DataTime=20240123131500;" + Array(repeating: "a21026-Rtd=1.5", count: 80).joined(separator: ";")), .oversize),
        Case("frame over the connection's maximum", TestFrames.flueGas, .oversize, DecodeOptions(mode: .lenient, maxFrameBytes: 200)),
        Case("input ends inside a frame", Array(TestFrames.flueGas.prefix(120)), .truncated),
        Case("no CP at all", TestFrames.frame("QN=20240123131502123;ST=31;CN=2011;PW=123456;MN=X1;Flag=4"), .missingCP),
        Case("CP= without &&", TestFrames.frame(header + "CP=DataTime=20240123131500&&"), .missingCP),
        Case("Flag=5CP=&& as printed in the standard", TestFrames.frame("QN=20160802000000001;ST=32;CN=2041;PW=123456;MN=X1;Flag=5CP=&&DataTime=20160801000000;SB1-RT=1.1&&"), .missingCP),
        Case("CP not closed by &&", TestFrames.frame(header + "CP=&&DataTime=20240123131500;a21026-Rtd=1"), .missingCPEnd),
        Case("no ST", TestFrames.frame("QN=20240123131502123;CN=2011;PW=123456;MN=X1;Flag=5;CP=&&&&"), .missingField),
        Case("no CN", TestFrames.frame("QN=20240123131502123;ST=31;PW=123456;MN=X1;Flag=5;CP=&&&&"), .missingField),
        Case("no MN on an upload", TestFrames.frame("QN=20240123131502123;ST=31;CN=2011;PW=123456;Flag=5;CP=&&&&"), .missingField),
        Case("empty MN", TestFrames.frame("QN=20240123131502123;ST=31;CN=2011;PW=123456;MN=;Flag=5;CP=&&&&"), .missingField),
        Case("header field without =", TestFrames.frame("QN20240123131502123;ST=31;CN=2011;PW=123456;MN=X1;CP=&&&&"), .badField),
        Case("header value longer than 255 bytes",
             TestFrames.frame("QN=20240123131502123;ST=31;CN=2011;PW=" + String(repeating: "p", count: 300) + ";MN=X1;CP=&&&&"), .badField),
        Case("data item without =", segment("DataTime=20240123131500;a21026-Rtd"), .badItem),
        Case("QN too short", TestFrames.frame("QN=2016080108;ST=31;CN=2011;PW=1;MN=X1;Flag=4;CP=&&&&"), .badQN),
        Case("QN with a 13th month", TestFrames.frame("QN=20161301085857223;ST=31;CN=2011;PW=1;MN=X1;Flag=4;CP=&&&&"), .badQN),
        Case("QN with a comma after it, as printed in the standard",
             TestFrames.frame("QN=20160801085857534,ST=32;CN=2031;PW=123456;MN=X1;Flag=5;CP=&&&&"), .missingField),
        Case("QN with letters", TestFrames.frame("QN=2016080108585722X;ST=31;CN=2011;PW=1;MN=X1;Flag=4;CP=&&&&"), .badQN),
        Case("Flag not a number", TestFrames.frame("QN=20240123131502123;ST=31;CN=2011;PW=1;MN=X1;Flag=A;CP=&&&&"), .badFlag),
        Case("Flag over 255", TestFrames.frame("QN=20240123131502123;ST=31;CN=2011;PW=1;MN=X1;Flag=256;CP=&&&&"), .badFlag),
        Case("PNUM without PNO", TestFrames.frame("QN=20240123131502123;ST=31;CN=2011;PW=1;MN=X1;Flag=7;PNUM=2;CP=&&&&"), .badSplit),
        Case("PNO beyond PNUM", TestFrames.frame("QN=20240123131502123;ST=31;CN=2011;PW=1;MN=X1;Flag=7;PNUM=2;PNO=3;CP=&&&&"), .badSplit),
        Case("PNO zero", TestFrames.frame("QN=20240123131502123;ST=31;CN=2011;PW=1;MN=X1;Flag=7;PNUM=2;PNO=0;CP=&&&&"), .badSplit),
        Case("February 30th", segment("DataTime=20240230120000;a21026-Rtd=1"), .badDataTime),
        Case("DataTime of 12 digits", segment("DataTime=202401231315;a21026-Rtd=1"), .badDataTime),
        Case("hour 24", segment("DataTime=20240123240000;a21026-Rtd=1"), .badDataTime),
        Case("impossible SampleTime", segment("DataTime=20240123131500;w01018-SampleTime=20240199110306,w01018-Rtd=4.5"), .badDataTime),
        Case("impossible BeginTime", segment("BeginTime=20240123136000;EndTime=20240123140000"), .badDataTime),
        Case("CN with a letter", TestFrames.frame("QN=20240123131502123;ST=31;CN=20A1;PW=1;MN=X1;Flag=4;CP=&&&&"), .unknownCN),
        Case("CN of three digits", TestFrames.frame("QN=20240123131502123;ST=31;CN=201;PW=1;MN=X1;Flag=4;CP=&&&&"), .unknownCN),
        Case("two dots", segment("DataTime=20240123131500;a21026-Rtd=1.2.3"), .badNumber),
        Case("letters", segment("DataTime=20240123131500;a21026-Rtd=abc"), .badNumber),
        Case("empty value", segment("DataTime=20240123131500;a21026-Rtd=,a21026-Flag=N"), .badNumber),
        Case("NaN", segment("DataTime=20240123131500;a21026-Avg=NaN"), .badNumber),
        Case("exponent out of range", segment("DataTime=20240123131500;a21026-Max=1e999"), .badNumber),
        Case("sign only", segment("DataTime=20240123131500;a21026-Rtd=-"), .badNumber),
        Case("hex", segment("DataTime=20240123131500;a21026-Rtd=0x1F"), .badNumber),
        Case("space inside", segment("DataTime=20240123131500;a21026-Rtd=1 5"), .badNumber),
        Case("RtdInterval not a number", segment("RtdInterval=thirty"), .badNumber),
        Case("long value with a letter at the end", segment("DataTime=20240123131500;a21026-Rtd=1234567890.12345X"), .badNumber),
    ]

    @Test(arguments: cases)
    func rejectsWithItsReason(_ testCase: Case) {
        let rejections = TestFrames.rejections(testCase.bytes, testCase.options)
        #expect(rejections.first?.reason == testCase.reason, "\(rejections)")
        #expect(rejections.allSatisfy { !$0.detail.isEmpty && $0.byteCount >= $0.raw.count })
        // The reason decides that no packet is made of these bytes, in either mode for the reasons
        // that are not mode-dependent.
        if ![.lengthMismatch, .modbusCRC, .oversize].contains(testCase.reason) {
            let lenient = TestFrames.events(testCase.bytes, .lenient).first
            if case .packet = lenient { Issue.record("lenient mode accepted what strict rejected as \(testCase.reason)") }
        }
    }

    @Test func everyReasonHasACase() {
        #expect(Set(Self.cases.map(\.reason)) == Set(RejectReason.allCases))
    }

    @Test func reasonCodesAreStable() {
        #expect(RejectReason.allCases.map(\.rawValue) == [
            "bad_header", "bad_length", "length_mismatch", "crc_mismatch", "modbus_crc", "oversize", "truncated",
            "missing_cp", "missing_cp_end", "missing_field", "bad_field", "bad_item", "bad_qn", "bad_flag",
            "bad_split", "bad_datatime", "unknown_cn", "bad_number",
        ])
    }

    @Test func aRejectedFrameCarriesItsBytes() {
        let bad = TestFrames.frame(TestFrames.flueGasSegment, crc: .fixed("1234"))
        let rejection = TestFrames.rejections(bad).first
        #expect(rejection?.raw == bad)
        #expect(rejection?.detail.contains("1234") == true)
    }

    @Test func theFrameAfterARejectedOneIsDecoded() {
        for bad in Self.cases.map(\.bytes) where bad.count < 1200 {
            let events = TestFrames.events(bad + TestFrames.water2005)
            let packets = TestFrames.packets(events)
            #expect(packets.last?.mn == "88888880000001", "\(events)")
        }
    }
}
