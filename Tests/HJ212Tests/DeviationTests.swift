import HJ212
import Testing

/// One case per accepted deviation: the input decodes to a packet (in the given mode) that records it.
@Suite("Every accepted deviation")
struct DeviationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        let deviation: Deviation
        let options: DecodeOptions
        var testDescription: String { "\(deviation.rawValue): \(name)" }

        init(_ name: String, _ bytes: [UInt8], _ deviation: Deviation, _ options: DecodeOptions = .strict) {
            self.name = name
            self.bytes = bytes
            self.deviation = deviation
            self.options = options
        }
    }

    static let qn = "QN=20240123131502123;"
    static let body = "ST=31;CN=2011;PW=123456;MN=010000A8900016F000169DC0;Flag=4;"

    static func frame(_ header: String = qn + body, cp: String = "DataTime=20240123131500;a21026-Rtd=1.5,a21026-Flag=N",
                      terminator: String = "\r\n") -> [UInt8] {
        TestFrames.frame(header + "CP=&&" + cp + "&&", terminator: terminator)
    }

    static let gbkText: [UInt8] = [0xC7, 0xE5, 0xCF, 0xB4] // 清洗 in GBK

    static let cases: [Case] = [
        Case("lowercase CRC", TestFrames.frame(TestFrames.flueGasSegment, crc: .lower), .lowercaseCRC),
        Case("LF only", frame(terminator: "\n"), .lfOnly),
        Case("CR only, at the end of input", frame(terminator: "\r"), .crOnly),
        Case("no terminator", frame(terminator: ""), .missingTerminator),
        Case("no Flag", frame(qn + "ST=31;CN=2011;PW=123456;MN=X1;"), .missingFlag),
        Case("no QN", frame(body), .missingQN),
        Case("QN as epoch milliseconds", frame("QN=1617936069734;" + body), .qn13Digits),
        Case("DataTime with milliseconds", frame(cp: "DataTime=20240123131500000;a21026-Rtd=1"), .dataTime17Digits),
        Case("ST before QN", frame("ST=31;" + qn + "CN=2011;PW=123456;MN=X1;Flag=4;"), .reorderedHeader),
        Case("PNO before PNUM", frame(qn + "ST=31;CN=2051;PW=1;MN=X1;Flag=6;PNO=1;PNUM=2;"), .reorderedHeader),
        Case("PNUM with the D bit clear", frame(qn + "ST=31;CN=2051;PW=1;MN=X1;Flag=4;PNUM=2;PNO=1;"), .splitWithoutDBit),
        Case("PNUM without Flag", frame(qn + "ST=31;CN=2051;PW=1;MN=X1;PNUM=2;PNO=1;"), .splitWithoutDBit),
        Case("D bit without PNUM", frame(qn + "ST=31;CN=2011;PW=1;MN=X1;Flag=7;"), .dBitWithoutSplit),
        Case("trailing ; before &&", frame(cp: "DataTime=20240123131500;a21026-Rtd=1;"), .trailingSeparator),
        Case("empty item", frame(cp: "DataTime=20240123131500;;a21026-Rtd=1"), .emptyItem),
        Case("vendor factor name", frame(cp: "DataTime=20240123131500;pms_rules-Rtd=7"), .vendorFactorCode),
        Case("4-character code", frame(cp: "DataTime=20240123131500;a214-Rtd=7"), .vendorFactorCode),
        Case("ST of three characters", frame(qn + "ST=101;CN=2011;PW=1;MN=X1;Flag=4;"), .nonstandardST),
        Case("empty PW", frame(qn + "ST=31;CN=2011;PW=;MN=X1;Flag=4;"), .emptyPW),
        Case("no PW", frame(qn + "ST=31;CN=2011;MN=X1;Flag=4;"), .missingPW),
        Case("2005 reply without MN", TestFrames.frame("ST=91;CN=9014;CP=&&QN=20040516010101001;CN=2051&&"), .missingMN),
        Case("vendor heartbeat CN", frame(qn + "ST=91;CN=9021;PW=1;MN=X1;Flag=4;", cp: ""), .nonstandardCN),
        Case("QN twice", frame(qn + qn + body), .duplicateHeaderField),
        Case("bare vendor key", frame(cp: "DataTime=20240123131500;FANSTATUS=1"), .unknownKey),
        Case("vendor suffix", frame(cp: "DataTime=20240123131500;a21026-ValidNum=10"), .unknownKey),
        Case("unknown header field", frame(qn + "ST=31;CN=2011;PW=1;MN=X1;Flag=4;DT=0;"), .unknownKey),
        Case("GBK log text", TestFrames.frame(bytes: Array((qn + body + "CP=&&PolId=w01018;i11001-Info=//").utf8) + gbkText + Array("//&&".utf8)),
             .nonUTF8Text),
        Case("log text not closed", frame(cp: "PolId=w01018;i11001-Info=//开始清洗"), .unclosedText),
        Case("DataTime three days before QN", frame(cp: "DataTime=20240120131500;a21026-Rtd=1"), .backfilledData),
        Case("declared length one short (lenient)",
             TestFrames.frame(TestFrames.flueGasSegment, declaredLength: TestFrames.flueGasSegment.utf8.count - 1), .lengthMismatch, .lenient),
        Case("segment over 1024 bytes (lenient)",
             frame(cp: "DataTime=20240123131500;" + Array(repeating: "a21026-Rtd=1.5", count: 80).joined(separator: ";")),
             .oversizeSegment, .lenient),
        Case("Modbus CRC (lenient)", TestFrames.frame(TestFrames.flueGasSegment, crc: .modbusSwapped), .modbusCRC, .lenient),
    ]

    @Test(arguments: cases)
    func acceptsAndRecords(_ testCase: Case) {
        let packet = TestFrames.packet(testCase.bytes, testCase.options)
        #expect(packet != nil, "\(TestFrames.events(testCase.bytes, testCase.options))")
        #expect(packet?.deviations.contains(testCase.deviation) == true, "\(packet?.deviations ?? [])")
        #expect(packet?.has(testCase.deviation) == true)
    }

    @Test func everyDeviationHasACase() {
        #expect(Set(Self.cases.map(\.deviation)) == Set(Deviation.allCases))
    }

    @Test func aStandardFrameHasNoDeviation() {
        let packet = TestFrames.packet(TestFrames.frame(TestFrames.goldenSegment))
        #expect(packet?.deviations == [])
    }

    @Test func deviationCodesAreStable() {
        #expect(Deviation.allCases.map(\.rawValue) == [
            "lowercase_crc", "lf_only", "cr_only", "missing_terminator", "missing_flag", "missing_qn", "qn_13_digits",
            "datatime_17_digits", "reordered_header", "split_without_d_bit", "d_bit_without_split", "trailing_separator",
            "empty_item", "vendor_factor_code", "nonstandard_st", "empty_pw", "missing_pw", "missing_mn", "nonstandard_cn",
            "duplicate_header_field", "unknown_key", "non_utf8_text", "unclosed_text", "backfilled_data",
            "length_mismatch", "oversize_segment", "modbus_crc",
        ])
    }

    @Test func textIsKeptByteExact() throws {
        let bytes = TestFrames.frame(bytes: Array((Self.qn + Self.body + "CP=&&PolId=w01018;i11001-Info=//").utf8) + Self.gbkText
            + Array(";a=b,c//&&".utf8))
        let packet = try #require(TestFrames.packet(bytes))
        let info = try #require(packet.cp.factor("w01018")?.info.first)
        #expect(info.code == "i11001")
        #expect(info.text == Self.gbkText + Array(";a=b,c".utf8))
        #expect(packet.cp.items.last?.valueBytes == Array("//".utf8) + Self.gbkText + Array(";a=b,c//".utf8))
    }
}
