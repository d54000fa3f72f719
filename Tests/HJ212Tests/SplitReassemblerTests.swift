import HJ212
import Testing

@Suite("Split message reassembly")
struct SplitReassemblerTests {
    static func part(_ pno: Int, of pnum: Int, qn: Int, dataTime: String = "20160801080000", mn: String = "X1", cp: String) -> Packet {
        let segment = "QN=2016080108585753\(qn);ST=32;CN=2061;PW=123456;MN=\(mn);Flag=7;PNUM=\(pnum);PNO=\(pno);CP=&&DataTime=\(dataTime);\(cp)&&"
        return TestFrames.packet(TestFrames.frame(segment))!
    }

    @Test func anUnsplitPacketPassesStraightThrough() throws {
        var reassembler = SplitReassembler(timeout: .seconds(60))
        let packet = try #require(TestFrames.packet(TestFrames.flueGas))
        let addedMessage = reassembler.add(packet, at: .zero)
        let message = try #require(addedMessage)
        #expect(message.isComplete && message.total == 1 && message.parts == [packet])
        #expect(reassembler.pendingCount == 0)
    }

    @Test func partsInAnyOrderMakeOneMessage() throws {
        var reassembler = SplitReassembler(timeout: .seconds(60))
        let third = Self.part(3, of: 3, qn: 6, cp: "w21003-Avg=1.5,w21003-Flag=N")
        let first = Self.part(1, of: 3, qn: 4, cp: "w00000-Cou=63.0,w00000-Flag=N;w01018-Avg=40.1")
        let second = Self.part(2, of: 3, qn: 5, cp: "w01018-Max=41.0,w01018-Flag=N")
        #expect(reassembler.add(third, at: .seconds(0)) == nil)
        #expect(reassembler.add(first, at: .seconds(1)) == nil)
        #expect(reassembler.pendingCount == 1)
        let addedMessage = reassembler.add(second, at: .seconds(2))
        let message = try #require(addedMessage)
        #expect(message.isComplete && message.missingParts.isEmpty)
        #expect(message.parts.map(\.pno) == [1, 2, 3])
        #expect(message.mn == "X1" && message.cn == "2061")
        let cp = message.cp
        #expect(cp.factors.map(\.code) == ["w00000", "w01018", "w21003"])
        #expect(cp.factor("w01018")?.avg == 40.1 && cp.factor("w01018")?.max == 41.0 && cp.factor("w01018")?.flag == "N")
        #expect(cp.items.filter { $0.key == "DataTime" }.count == 3)
        #expect(reassembler.pendingCount == 0)
    }

    @Test func aRepeatedPartKeepsTheFirstCopy() throws {
        var reassembler = SplitReassembler(timeout: .seconds(60))
        let first = Self.part(1, of: 2, qn: 4, cp: "w01018-Avg=1")
        let again = Self.part(1, of: 2, qn: 7, cp: "w01018-Avg=2")
        #expect(reassembler.add(first, at: .zero) == nil)
        #expect(reassembler.add(again, at: .zero) == nil)
        let addedMessage = reassembler.add(Self.part(2, of: 2, qn: 5, cp: "w21003-Avg=3"), at: .zero)
        let message = try #require(addedMessage)
        #expect(message.parts.first?.qn == first.qn)
        #expect(message.cp.factor("w01018")?.avg == 1)
    }

    @Test func messagesAreKeptApartByDataTimeAndMN() throws {
        var reassembler = SplitReassembler(timeout: .seconds(60))
        #expect(reassembler.add(Self.part(1, of: 2, qn: 1, dataTime: "20160801080000", cp: "a=1"), at: .zero) == nil)
        #expect(reassembler.add(Self.part(1, of: 2, qn: 2, dataTime: "20160801090000", cp: "a=2"), at: .zero) == nil)
        #expect(reassembler.add(Self.part(2, of: 2, qn: 3, dataTime: "20160801080000", mn: "OTHER", cp: "a=3"), at: .zero) == nil)
        #expect(reassembler.pendingCount == 3)
        let addedMessage = reassembler.add(Self.part(2, of: 2, qn: 4, dataTime: "20160801090000", cp: "a=4"), at: .zero)
        let message = try #require(addedMessage)
        #expect(message.cp.items.filter { $0.key == "a" }.map(\.value) == ["2", "4"])
        #expect(reassembler.pendingCount == 2)
    }

    @Test func anIncompleteMessageExpiresAfterTheTimeout() throws {
        var reassembler = SplitReassembler(timeout: .seconds(30))
        #expect(reassembler.add(Self.part(1, of: 3, qn: 1, cp: "a=1"), at: .seconds(100)) == nil)
        #expect(reassembler.add(Self.part(3, of: 3, qn: 3, cp: "a=3"), at: .seconds(110)) == nil)
        #expect(reassembler.expire(at: .seconds(129)).isEmpty)
        let expired = reassembler.expire(at: .seconds(130))
        #expect(expired.count == 1)
        #expect(expired.first?.isComplete == false)
        #expect(expired.first?.missingParts == [2])
        #expect(expired.first?.parts.map(\.pno) == [1, 3])
        #expect(reassembler.pendingCount == 0)
        // The late part starts a new message, which is not complete on its own.
        #expect(reassembler.add(Self.part(2, of: 3, qn: 2, cp: "a=2"), at: .seconds(131)) == nil)
    }

    @Test func memoryIsBoundedByGivingUpTheOldest() throws {
        var reassembler = SplitReassembler(timeout: .seconds(600), maxPendingMessages: 2)
        for (index, dataTime) in ["20160801080000", "20160801090000", "20160801100000"].enumerated() {
            #expect(reassembler.add(Self.part(1, of: 2, qn: index, dataTime: dataTime, cp: "a=\(index)"), at: .seconds(Int64(index))) == nil)
        }
        #expect(reassembler.pendingCount == 2)
        let givenUp = reassembler.expire(at: .seconds(3))
        #expect(givenUp.map { $0.dataTime?.digits } == ["20160801080000"])
    }
}
