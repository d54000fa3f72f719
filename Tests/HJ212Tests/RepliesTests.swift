import HJ212
import Testing

@Suite("Replies")
struct RepliesTests {
    static func text(_ frame: [UInt8]) -> String { String(decoding: frame, as: UTF8.self) }

    static func upload(_ segment: String) throws -> Packet {
        try #require(TestFrames.packet(TestFrames.frame(segment)))
    }

    @Test func dataReplyIn2017Shape() throws {
        let upload = try Self.upload("QN=20160801085857223;ST=32;CN=2011;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&DataTime=20160801085857;w01018-Rtd=2.2&&")
        let reply = Replies.dataReply(to: upload)
        // The standard's example reply; 3240 is its CRC.
        #expect(Self.text(reply) == "##0087QN=20160801085857223;ST=91;CN=9014;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&3240\r\n")
        #expect(Replies.acknowledgement(for: upload) == reply)
        let decoded = try #require(TestFrames.packet(reply))
        #expect(decoded.deviations.isEmpty && !decoded.wantsAck && decoded.version == .v2017)
    }

    @Test func dataReplyKeepsThe2025VersionBits() throws {
        let upload = try Self.upload("QN=20250801085857223;ST=31;CN=2011;PW=1;MN=X1;Flag=9;CP=&&&&")
        #expect(Self.text(Replies.dataReply(to: upload)).contains(";Flag=8;CP=&&&&"))
    }

    @Test func dataReplyIn2005ShapeCarriesTheQNInsideCP() throws {
        let upload = try Self.upload("ST=32;CN=2051;QN=20040516010101001;PW=123456;MN=88888880000001;PNO=1;PNUM=1;CP=&&DataTime=20040516021000;B01-Cou=200&&")
        let reply = Self.text(Replies.dataReply(to: upload))
        #expect(reply == Self.text(TestFrames.frame("ST=91;CN=9014;PW=123456;MN=88888880000001;CP=&&QN=20040516010101001;CN=2051;PNO=1;PNUM=1&&")))
        let decoded = try #require(TestFrames.packet(Array(reply.utf8)))
        #expect(decoded.cp.qn == "20040516010101001")
        #expect(decoded.qn == nil)
    }

    @Test func notifyReplyAnswersATimeCalibrationRequest() throws {
        let request = try Self.upload("QN=20160801085857223;ST=32;CN=1013;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&PolId=w01018&&")
        let reply = Replies.notifyReply(to: request)
        #expect(Self.text(reply) == "##0087QN=20160801085857223;ST=91;CN=9013;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&2A80\r\n")
        #expect(Replies.acknowledgement(for: request) == reply)
        let heartbeat = try Self.upload("QN=20250801085857223;ST=31;CN=9015;PW=1;MN=X1;Flag=8;CP=&&&&")
        #expect(Self.text(Replies.acknowledgement(for: heartbeat) ?? []).contains("CN=9013;PW=1;MN=X1;Flag=8;"))
    }

    @Test func notifyReplyIn2005Shape() throws {
        let alarm = try Self.upload("QN=20040516010101001;ST=32;CN=2072;PW=123456;MN=88888880000001;Flag=0;CP=&&AlarmTime=20040506010101;101-Ala=1.1,AlarmType=1&&")
        #expect(Self.text(Replies.notifyReply(to: alarm)) == "##0069ST=91;CN=9013;PW=123456;MN=88888880000001;CP=&&QN=20040516010101001&&0500\r\n")
    }

    @Test func noAcknowledgementWhenNoneIsOwed() throws {
        let noAck = try Self.upload("QN=20160801085857223;ST=32;CN=2011;PW=1;MN=X1;Flag=4;CP=&&&&")
        #expect(Replies.acknowledgement(for: noAck) == nil)
        let reply = try Self.upload("QN=20160801085857223;ST=91;CN=9014;PW=1;MN=X1;Flag=5;CP=&&&&")
        #expect(Replies.acknowledgement(for: reply) == nil)
        let request = try Self.upload(TestFrames.goldenSegment)
        #expect(Replies.acknowledgement(for: request) == nil)
        let vendorHeartbeat = try Self.upload("QN=20230723080035006;ST=91;CN=9021;PW=1;MN=X1;Flag=5;CP=&&&&")
        #expect(Replies.acknowledgement(for: vendorHeartbeat) != nil)
    }

    @Test func deviceAnswersToARequest() throws {
        let request = try Self.upload("QN=20160801085857223;ST=32;CN=1000;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&OverTime=5;ReCount=3&&")
        #expect(Self.text(Replies.requestReply(to: request, result: .ready))
            == "##0094QN=20160801085857223;ST=91;CN=9011;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&QnRtn=1&&1B00\r\n")
        #expect(Self.text(Replies.executionResult(to: request, result: .success))
            == "##0095QN=20160801085857223;ST=91;CN=9012;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&ExeRtn=1&&6240\r\n")
        let old = try Self.upload("QN=20040516010101001;ST=32;CN=1072;PW=123456;MN=88888880000001;Flag=3;CP=&&PW=654321&&")
        #expect(Self.text(Replies.requestReply(to: old, result: .ready)).contains("ST=91;CN=9011;PW=123456;MN=88888880000001;CP=&&QN=20040516010101001;QnRtn=1&&"))
        #expect(Self.text(Replies.executionResult(to: old, result: .noData)).contains("CP=&&QN=20040516010101001;ExeRtn=100&&"))
    }

    @Test func everyReplyDecodes() throws {
        for segment in [TestFrames.flueGasSegment, TestFrames.water2005Segment, TestFrames.siteInfoSegment, TestFrames.goldenSegment] {
            let packet = try Self.upload(segment)
            for reply in [Replies.dataReply(to: packet), Replies.notifyReply(to: packet),
                          Replies.requestReply(to: packet, result: .passwordWrong),
                          Replies.executionResult(to: packet, result: .busy)] {
                let decoded = try #require(TestFrames.packet(reply))
                #expect(decoded.st == "91")
                #expect(decoded.mn == packet.mn)
                #expect(decoded.qn == packet.qn || decoded.cp.qn == packet.qn)
            }
        }
    }

    /// Found by fuzzing: a device id that is not UTF-8 came back altered (each bad byte as U+FFFD)
    /// because replies were built from the String views. Replies echo the bytes.
    @Test func repliesEchoHeaderBytesExactly() throws {
        let mn: [UInt8] = Array("8888888".utf8) + [0xB2, 0xE2, 0xCA, 0xD4, 0xFF]
        let segment = Array("QN=20240123131502123;ST=32;CN=2011;PW=12\u{01}56;MN=".utf8) + mn + Array(";Flag=5;CP=&&&&".utf8)
        let packet = try #require(TestFrames.packet(TestFrames.frame(bytes: segment)))
        for reply in [Replies.dataReply(to: packet), Replies.notifyReply(to: packet),
                      Replies.requestReply(to: packet, result: .ready), Replies.executionResult(to: packet, result: .failed)] {
            #expect(reply.firstRange(of: Array(";MN=".utf8) + mn + [0x3B]) != nil)
            #expect(reply.firstRange(of: Array(";PW=12\u{01}56;".utf8)) != nil)
            #expect(TestFrames.packet(reply) != nil)
        }
    }
}
