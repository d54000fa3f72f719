import HJ212
import Testing

@Suite("CRC")
struct CRCTests {
    /// The standard's Appendix A example.
    static let golden = Array("QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&".utf8)

    @Test func goldenVectorIs1C80() {
        #expect(Self.golden.count == 101)
        #expect(HJ212CRC.checksum(Self.golden) == 0x1C80)
        #expect(HJ212CRC.referenceChecksum(Self.golden) == 0x1C80)
        Self.golden.withUnsafeBytes { #expect(HJ212CRC.byteTableChecksum($0) == 0x1C80) }
    }

    @Test func modbusDiffersFromTheStandardCRC() {
        #expect(HJ212CRC.modbusChecksum(Self.golden) == HJ212CRC.referenceModbusChecksum(Self.golden))
        #expect(HJ212CRC.modbusChecksum(Self.golden) != HJ212CRC.checksum(Self.golden))
        // CRC-16/MODBUS check value of "123456789".
        #expect(HJ212CRC.modbusChecksum(Array("123456789".utf8)) == 0x4B37)
    }

    @Test func slicedAndByteTableMatchTheReferenceAtEveryLength() {
        var random = SeededRandom(seed: 7)
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let reference = HJ212CRC.referenceChecksum(bytes)
            #expect(HJ212CRC.checksum(bytes) == reference, "length \(length)")
            bytes.withUnsafeBytes { #expect(HJ212CRC.slicedChecksum($0) == reference, "length \(length)") }
            bytes.withUnsafeBytes { #expect(HJ212CRC.byteTableChecksum($0) == reference, "length \(length)") }
            #expect(HJ212CRC.modbusChecksum(bytes) == HJ212CRC.referenceModbusChecksum(bytes), "length \(length)")
        }
    }

    /// The property the lane fold rests on, seen from outside: bytes eight apart pass through the
    /// same power of the chained map, so exchanging them cannot change the standard's CRC (a weakness
    /// of the standard, not of this code), while the Modbus CRC does see it.
    @Test func swappingBytesEightApartKeepsTheCRC() {
        var random = SeededRandom(seed: 8)
        for _ in 0..<200 {
            var bytes = (0..<Int.random(in: 20...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            let original = HJ212CRC.referenceChecksum(bytes)
            let first = Int.random(in: 0..<(bytes.count - 9), using: &random)
            let second = first + 8 * Int.random(in: 1...((bytes.count - 2 - first) / 8), using: &random)
            bytes.swapAt(first, second)
            #expect(HJ212CRC.referenceChecksum(bytes) == original)
        }
        let segment = Array(Self.golden)
        var swapped = segment
        swapped.swapAt(20, 28)
        #expect(swapped != segment)
        #expect(HJ212CRC.checksum(swapped) == 0x1C80)
        #expect(HJ212CRC.modbusChecksum(swapped) != HJ212CRC.modbusChecksum(segment))
    }

    @Test func emptyInputIsTheInitialRegister() {
        #expect(HJ212CRC.checksum([]) == 0xFFFF)
    }
}
