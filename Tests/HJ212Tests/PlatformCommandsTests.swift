import HJ212
import Testing

@Suite("Platform commands")
struct PlatformCommandsTests {
    static let device = CommandTarget(mn: "010000A8900016F000169DC0", pw: "123456", st: "32")
    static let qn = "20160801085857223"

    static func text(_ frame: [UInt8]) -> String { String(decoding: frame, as: UTF8.self) }

    @Test func setRealtimeIntervalIsTheGoldenVector() throws {
        let target = CommandTarget(mn: "010000A8900016F000169DC0", pw: "100000", st: "32")
        #expect(Self.text(try PlatformCommands.setRealtimeInterval(target, qn: Self.qn, seconds: 30)) == "##0101" + TestFrames.goldenSegment + "1C80\r\n")
    }

    @Test func commandsHaveTheStandardsShape() throws {
        let header = "QN=20160801085857223;ST=32;CN="
        let tail = ";PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&"
        let cases: [([UInt8], String)] = [
            (try PlatformCommands.setTimeoutAndRetries(Self.device, qn: Self.qn, overTime: 5, reCount: 3), "1000" + tail + "OverTime=5;ReCount=3&&"),
            (try PlatformCommands.getTime(Self.device, qn: Self.qn, polId: "w01018"), "1011" + tail + "PolId=w01018&&"),
            (try PlatformCommands.getTime(Self.device, qn: Self.qn), "1011" + tail + "&&"),
            (try PlatformCommands.setTime(Self.device, qn: Self.qn, systemTime: HJ212DateTime("20160801085857")!, polId: "w01018"),
             "1012" + tail + "PolId=w01018;SystemTime=20160801085857&&"),
            (try PlatformCommands.getRealtimeInterval(Self.device, qn: Self.qn), "1061" + tail + "&&"),
            (try PlatformCommands.getMinuteInterval(Self.device, qn: Self.qn), "1063" + tail + "&&"),
            (try PlatformCommands.setMinuteInterval(Self.device, qn: Self.qn, minutes: 10), "1064" + tail + "MinInterval=10&&"),
            (try PlatformCommands.setPassword(Self.device, qn: Self.qn, newPassword: "654321"), "1072" + tail + "NewPW=654321&&"),
            (try PlatformCommands.realtimeUploads(Self.device, qn: Self.qn, enabled: true), "2011" + tail + "&&"),
            (try PlatformCommands.realtimeUploads(Self.device, qn: Self.qn, enabled: false), "2012" + tail + "&&"),
            (try PlatformCommands.runStateUploads(Self.device, qn: Self.qn, enabled: true), "2021" + tail + "&&"),
            (try PlatformCommands.runStateUploads(Self.device, qn: Self.qn, enabled: false), "2022" + tail + "&&"),
            (try PlatformCommands.historyPull(Self.device, qn: Self.qn, history: .minute, begin: HJ212DateTime("20160801084000")!,
                                              end: HJ212DateTime("20160801084000")!),
             "2051" + tail + "BeginTime=20160801084000;EndTime=20160801084000&&"),
            (try PlatformCommands.siteInformation(Self.device, qn: Self.qn, polId: "w01018", infoId: "i11001",
                                                  begin: HJ212DateTime("20160801010522"), end: HJ212DateTime("20160801085857")),
             "3020" + tail + "PolId=w01018;InfoId=i11001;BeginTime=20160801010522,EndTime=20160801085857&&"),
        ]
        for (frame, segment) in cases {
            #expect(frame == TestFrames.frame(header + segment))
            let packet = try #require(TestFrames.packet(frame))
            #expect(packet.wantsAck && packet.version == .v2017 && packet.deviations.isEmpty)
            #expect(packet.commandInfo?.kind == .request || packet.commandInfo?.kind == .upload)
        }
    }

    @Test func the2051HistoryRequestMatchesTheStandardsExample() throws {
        let frame = try PlatformCommands.historyPull(Self.device, qn: Self.qn, history: .minute,
                                                     begin: HJ212DateTime("20160801084000")!, end: HJ212DateTime("20160801084000")!)
        #expect(Self.text(frame).hasSuffix("&&56C0\r\n"))
    }

    @Test func a2005TargetGetsThe2005Shape() throws {
        let target = CommandTarget(mn: "88888880000001", pw: "123456", st: "32", version: .v2005)
        let frame = try PlatformCommands.historyPull(target, qn: "20040516010101001", history: .minute,
                                                     begin: HJ212DateTime("20040506111000")!, end: HJ212DateTime("20040506151000")!)
        #expect(Self.text(frame) == "##0124QN=20040516010101001;ST=32;CN=2051;PW=123456;MN=88888880000001;Flag=3;CP=&&BeginTime=20040506111000,EndTime=20040506151000&&6B80\r\n")
    }

    @Test func a2025TargetGetsItsVersionBits() throws {
        let target = CommandTarget(mn: "X1", pw: "1", st: "31", version: .v2025)
        #expect(Self.text(try PlatformCommands.getTime(target, qn: Self.qn)).contains(";Flag=9;"))
    }

    @Test func badValuesAreRefused() {
        #expect(throws: HJ212EncodingError.self) { try PlatformCommands.setRealtimeInterval(Self.device, qn: Self.qn, seconds: 10) }
        #expect(throws: HJ212EncodingError.self) { try PlatformCommands.setMinuteInterval(Self.device, qn: Self.qn, minutes: 0) }
        #expect(throws: HJ212EncodingError.self) { try PlatformCommands.setTimeoutAndRetries(Self.device, qn: Self.qn, overTime: 0, reCount: 3) }
        #expect(throws: HJ212EncodingError.self) { try PlatformCommands.setPassword(Self.device, qn: Self.qn, newPassword: "a;b") }
        #expect(throws: HJ212EncodingError.self) {
            try PlatformCommands.getTime(CommandTarget(mn: "A&&B", pw: "1", st: "32"), qn: Self.qn)
        }
        #expect(throws: HJ212EncodingError.self) {
            try PlatformCommands.historyPull(Self.device, qn: Self.qn, history: .hourly, begin: HJ212DateTime("20240102000000")!,
                                             end: HJ212DateTime("20240101000000")!)
        }
    }

    @Test func aTargetFromAPacketAddressesItsSender() throws {
        let packet = try #require(TestFrames.packet(TestFrames.water2005))
        let target = CommandTarget(sender: packet)
        #expect(target == CommandTarget(mn: "88888880000001", pw: "123456", st: "32", version: .v2005))
    }
}
