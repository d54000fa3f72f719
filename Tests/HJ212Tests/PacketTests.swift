import HJ212
import Testing

@Suite("Decoded packets")
struct PacketTests {
    @Test func headerFieldsAndFlagBits() throws {
        let packet = try #require(TestFrames.packet(TestFrames.frame(TestFrames.goldenSegment)))
        #expect(packet.qn == "20160801085857223")
        #expect(packet.st == "32")
        #expect(packet.cn == "1062")
        #expect(packet.command == 1062)
        #expect(packet.pw == "100000")
        #expect(packet.mn == "010000A8900016F000169DC0")
        #expect(packet.flag == 5)
        #expect(packet.version == .v2017)
        #expect(packet.wantsAck)
        #expect(!packet.hasPacketSplit)
        #expect(packet.pnum == nil && packet.pno == nil)
        #expect(packet.cp.value("RtdInterval") == "30")
        #expect(packet.cp.number("RtdInterval") == 30)
        #expect(packet.commandInfo?.name == "设置实时数据间隔")
        #expect(packet.qnTime == HJ212DateTime(year: 2016, month: 8, day: 1, hour: 8, minute: 58, second: 57, millisecond: 223))
        #expect(packet.segment.count == 101 && packet.declaredLength == 101)
        #expect(packet.crcVariant == .hj212)
    }

    @Test(arguments: [(0, ProtocolVersion.v2005), (3, .v2005), (4, .v2017), (7, .v2017), (8, .v2025), (11, .v2025), (12, .unknown(3))])
    func versionComesFromBitsTwoToSeven(_ flag: Int, _ version: ProtocolVersion) throws {
        let split = flag & 2 != 0 ? "PNUM=1;PNO=1;" : ""
        let packet = try #require(TestFrames.packet(TestFrames.frame(
            "QN=20240123131502123;ST=31;CN=2011;PW=1;MN=X1;Flag=\(flag);\(split)CP=&&&&")))
        #expect(packet.version == version)
        #expect(packet.wantsAck == (flag & 1 != 0))
        #expect(packet.hasPacketSplit == (flag & 2 != 0))
    }

    @Test func aMissingFlagReadsAs2005WithoutAcknowledgement() throws {
        let packet = try #require(TestFrames.packet(TestFrames.water2005))
        #expect(packet.flag == nil)
        #expect(packet.qn == nil)
        #expect(packet.version == .v2005)
        #expect(!packet.wantsAck)
    }

    @Test func factorsAreGatheredByCodeWithValues() throws {
        let packet = try #require(TestFrames.packet(TestFrames.flueGas))
        let cp = packet.cp
        #expect(cp.dataTime == HJ212DateTime(year: 2024, month: 1, day: 23, hour: 13, minute: 15, second: 0))
        #expect(packet.dataTime == cp.dataTime)
        #expect(cp.factors.map(\.code) == ["a21026", "a21002", "a34013", "a01013"])
        let so2 = try #require(cp.factor("a21026"))
        #expect(so2.rtd == 35.412 && so2.zsRtd == 41.037 && so2.flag == "N")
        #expect(so2.min == nil && so2.avg == nil)
        #expect(cp.factor("a01013")?.rtd == -0.163)
        #expect(cp.items.count == 12)
        #expect(cp.items.first?.key == "DataTime")
        #expect(cp.items[1].code == "a21026" && cp.items[1].suffix == "Rtd")
        #expect(cp.items[1].group == cp.items[3].group)
        #expect(cp.items[3].group != cp.items[4].group)
        #expect(packet.itemCount == 12)
    }

    @Test func codes2005AreMappedAndTheOriginalKept() throws {
        let packet = try #require(TestFrames.packet(TestFrames.water2005))
        let factors = packet.cp.factors
        #expect(factors.map(\.code) == ["w00000", "w01018", "w21003"])
        #expect(factors.map(\.originalCode) == ["B01", "011", "060"])
        #expect(packet.cp.factor("w01018")?.rtd == 31.2)
        #expect(packet.cp.factor("011")?.flag == "N")
    }

    @Test func siteInformationBelongsToItsPolId() throws {
        let packet = try #require(TestFrames.packet(TestFrames.siteInfo))
        let cod = try #require(packet.cp.factor("w01018"))
        #expect(cod.info.map(\.code) == ["i12001", "i12003", "i11001"])
        #expect(cod.info[0].number == 1)
        #expect(cod.info[2].text == Array("清洗管路; a=b,c".utf8))
        #expect(cod.info[2].number == nil)
        #expect(packet.cp.info.isEmpty)
        #expect(packet.tables.infoCode("i12001")?.values[cod.info[0].value] == "维护")
    }

    @Test func everyFieldFormIsRead() throws {
        let cp = "DataTime=20240123120000;w01018-SampleTime=20240123110306,w01018-Rtd=4653.8,w01018-Flag=N,w01018-EFlag=A01;"
            + "w01018-SN=010000A8900016F000169DC1;a21026-Min=1,a21026-Avg=2,a21026-Max=3,a21026-Cou=4,a21026-ZsMin=5,"
            + "a21026-ZsAvg=6,a21026-ZsMax=7;SB1-RS=1;SB1-RT=23.5;i22001-Info=0;L5-Data=53.0;101-Ala=1.1,AlarmType=1;"
            + "a21026-ValidNum=10;FANSTATUS=1"
        let packet = try #require(TestFrames.packet(TestFrames.frame(
            "QN=20240123120001001;ST=32;CN=2011;PW=1;MN=X1;Flag=4;CP=&&" + cp + "&&")))
        let area = packet.cp
        let cod = try #require(area.factor("w01018"))
        #expect(cod.sampleTime == HJ212DateTime(year: 2024, month: 1, day: 23, hour: 11, minute: 3, second: 6))
        #expect(cod.rtd == 4653.8 && cod.flag == "N" && cod.eflag == "A01" && cod.sn == "010000A8900016F000169DC1")
        let so2 = try #require(area.factor("a21026"))
        #expect([so2.min, so2.avg, so2.max, so2.cou, so2.zsMin, so2.zsAvg, so2.zsMax] == [1, 2, 3, 4, 5, 6, 7])
        #expect(so2.extra.map(\.key) == ["a21026-ValidNum"])
        let facility = try #require(area.factor("SB1"))
        #expect(facility.rs == 1 && facility.rt == 23.5)
        #expect(area.info.map(\.code) == ["i22001"])
        #expect(area.factor("L5")?.extra.first?.value == "53.0")
        #expect(area.factor("101")?.extra.map(\.suffix) == ["Ala"])
        #expect(area.value("AlarmType") == "1")
        #expect(area.value("FANSTATUS") == "1")
        #expect(packet.has(.unknownKey))
        #expect(!packet.has(.vendorFactorCode))
    }

    @Test func aValueGivenTwiceKeepsTheFirstAndAllItems() throws {
        let packet = try #require(TestFrames.packet(TestFrames.frame(
            "QN=20160801085857223;ST=52;CN=2011;PW=123456;MN=X1;Flag=5;CP=&&DataTime=20160801085857;e01001-Rtd=1.1;e01001-Rtd=2.2&&")))
        #expect(packet.cp.factor("e01001")?.rtd == 1.1)
        #expect(packet.cp.items.map(\.value) == ["20160801085857", "1.1", "2.2"])
    }

    @Test func numbersAreCorrectlyRounded() throws {
        var random = SeededRandom(seed: 99)
        var values: [String] = ["0", "-0", "0.000", "3434", "-0.052", "235.292750833832", "34.4142747017156", "1e3", "-2.5E-2",
                                "12345678.9", "0.1", "123456789012345", "1234567890123456789", ".5", "5.", "+7.25", "00012.500"]
        for _ in 0..<400 {
            let integer = String(Int.random(in: 0...99_999_999, using: &random))
            let fraction = String(Int.random(in: 0...99_999_999, using: &random))
            let sign = Bool.random(using: &random) ? "-" : ""
            let digits = Int.random(in: 0...8, using: &random)
            values.append(sign + String(integer.prefix(Int.random(in: 1...8, using: &random)))
                + (digits == 0 ? "" : "." + String(fraction.prefix(digits))))
        }
        let cp = "DataTime=20240123120000;" + values.enumerated().map { "x\($0.offset)-Rtd=\($0.element)" }.joined(separator: ";")
        let packet = try #require(TestFrames.packet(TestFrames.frame("QN=20240123120001001;ST=32;CN=2011;PW=1;MN=X1;Flag=4;CP=&&" + cp + "&&"),
                                                    .lenient))
        let decoded = packet.cp.factors.map(\.rtd)
        #expect(decoded.count == values.count)
        for (value, number) in zip(values, decoded) {
            #expect(number == Double(value), "\(value)")
        }
    }

    @Test func packetsFromTheSameBytesAreEqual() throws {
        let first = try #require(TestFrames.packet(TestFrames.flueGas))
        let second = try #require(TestFrames.packet(TestFrames.flueGas))
        #expect(first == second)
        #expect(first != TestFrames.packet(TestFrames.water2005))
    }
}
