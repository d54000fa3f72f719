import HJ212
import Testing

@Suite("Code tables")
struct CodeTablesTests {
    @Test(arguments: [
        ("B02", "a00000"), ("S02", "a01011"), ("S03", "a01012"), ("S08", "a01013"), ("S05", "a01014"), ("S07", "a01016"),
        ("S04", "a01017"), ("S01", "a19001"), ("02", "a21026"), ("03", "a21002"), ("01", "a34013"), ("04", "a21005"),
        ("08", "a21024"), ("10", "a21001"), ("B01", "w00000"), ("001", "w01001"), ("002", "w01002"), ("003", "w01012"),
        ("011", "w01018"), ("060", "w21003"), ("065", "w21001"), ("101", "w21011"),
    ])
    func codes2005MapTo2017(_ old: String, _ current: String) {
        #expect(CodeTables.standard.currentCode(for: old) == current)
        #expect(CodeTables.standard.factor(old)?.code == current)
        #expect(CodeTables.standard.factor(current)?.code2005 == old)
    }

    @Test func unknownCodesStayAsTheyAre() {
        #expect(CodeTables.standard.currentCode(for: "a21026") == "a21026")
        #expect(CodeTables.standard.currentCode(for: "LAMPBLACK") == "LAMPBLACK")
        #expect(CodeTables.standard.factor("LAMPBLACK") == nil)
    }

    @Test func commandsSystemsFlagsAndInfoCodesAreListed() {
        let tables = CodeTables.standard
        for code in [1000, 1011, 1012, 1013, 1061, 1062, 1063, 1064, 1072, 2011, 2021, 2031, 2041, 2051, 2061, 2081, 3020, 3021,
                     9011, 9012, 9013, 9014] {
            #expect(tables.command(code) != nil, "CN \(code)")
            #expect(tables.command(code)?.provisional == false)
        }
        #expect(tables.command(9015)?.provisional == true && tables.command(9015)?.kind == .notify)
        #expect(tables.command(2072)?.only2005 == true)
        #expect(tables.command("1013")?.kind == .notify)
        #expect(tables.command(9021) == nil)
        #expect(tables.system("31")?.name == "大气环境污染源")
        #expect(tables.system("91")?.name == "系统交互")
        #expect(tables.dataFlags.map(\.code).sorted() == ["B", "C", "D", "F", "M", "N", "P", "S", "T"])
        #expect(tables.dataFlag("N")?.isNormal == true && tables.dataFlag("D")?.isNormal == false)
        #expect(tables.dataFlag("P")?.only2005 == true)
        #expect(tables.infoCode("i12001")?.values["8"] == "标定")
        #expect(tables.infoCode("i11001")?.isText == true)
    }

    @Test func aProvincialFactorIsATableEntry() throws {
        let frame = TestFrames.frame("QN=20240123131502123;ST=31;CN=2011;PW=1;MN=X1;Flag=4;CP=&&DataTime=20240123131500;SCVOC1-Rtd=2.5,SCVOC1-Flag=N&&")
        let standard = try #require(TestFrames.packet(frame))
        #expect(standard.has(.vendorFactorCode))
        let provincial = CodeTables.standard.adding(factor: FactorInfo(code: "SCVOC1", name: "四川VOCs（省标）", unit: "mg/m³"))
        let packet = try #require(TestFrames.packet(frame, DecodeOptions(tables: provincial)))
        #expect(!packet.has(.vendorFactorCode))
        #expect(packet.tables.factor("SCVOC1")?.unit == "mg/m³")
        #expect(CodeTables.standard.factor("SCVOC1") == nil)
    }

    @Test func aProvincialMappingMapsOldCodes() throws {
        let tables = CodeTables.standard.adding(factor: FactorInfo(code: "a99001", code2005: "Q01", name: "示例"))
        let frame = TestFrames.frame("ST=31;CN=2011;PW=1;MN=X1;CP=&&DataTime=20240123131500;Q01-Rtd=2.5&&")
        let packet = try #require(TestFrames.packet(frame, DecodeOptions(tables: tables)))
        #expect(packet.cp.factors.first?.code == "a99001")
        #expect(packet.cp.factors.first?.originalCode == "Q01")
    }

    @Test func aVendorCommandIsATableEntry() throws {
        let frame = TestFrames.frame("QN=20230723080035006;ST=91;CN=9021;PW=1;MN=X1;Flag=4;CP=&&&&")
        #expect(TestFrames.packet(frame)?.has(.nonstandardCN) == true)
        let tables = CodeTables.standard.adding(command: CommandInfo(code: 9021, name: "厂商心跳", kind: .notify))
        let packet = try #require(TestFrames.packet(frame, DecodeOptions(tables: tables)))
        #expect(!packet.has(.nonstandardCN))
        #expect(packet.commandInfo?.name == "厂商心跳")
    }
}
