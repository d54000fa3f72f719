import HJ212
import Testing

/// Encode → decode property tests over random packets from a seeded generator: whatever the encoder
/// writes, the decoder reads back field for field, byte for byte.
@Suite("Encode → decode round trip")
struct RoundTripTests {
    struct Generated {
        let header: PacketHeader
        let groups: [[DataItem]]
    }

    static let codes = ["a21026", "a21002", "a34013", "a19001", "a01012", "w01018", "w21003", "02", "B02", "S01", "011",
                        "e01001", "pms_rules", "LAMPBLACK", "a2106", "100000"]
    static let suffixes = ["Rtd", "Min", "Avg", "Max", "Cou", "ZsRtd", "ZsMin", "ZsAvg", "ZsMax", "Flag", "EFlag", "SampleTime", "SN"]

    static func generate(_ random: inout SeededRandom) -> Generated {
        func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &random)] }
        func digits(_ count: Int) -> String { String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &random))) }) }
        func time() -> HJ212DateTime {
            HJ212DateTime(year: Int.random(in: 2000...2030, using: &random), month: Int.random(in: 1...12, using: &random),
                          day: Int.random(in: 1...28, using: &random), hour: Int.random(in: 0...23, using: &random),
                          minute: Int.random(in: 0...59, using: &random), second: Int.random(in: 0...59, using: &random),
                          millisecond: Int.random(in: 0...999, using: &random))!
        }
        func number() -> String {
            let integer = String(Int.random(in: 0...999_999, using: &random))
            let decimals = Int.random(in: 0...6, using: &random)
            return (Bool.random(using: &random) ? "-" : "") + integer + (decimals == 0 ? "" : "." + digits(decimals))
        }
        func text() -> String {
            // Anything but "//" followed by a separator, which would end the text early.
            let alphabet = Array("清洗管路 abc;=,&-/#12")
            var value = String((0..<Int.random(in: 0...20, using: &random)).map { _ in pick(alphabet) })
            while value.hasSuffix("/") { value.removeLast() }
            return "//" + value.replacingOccurrencesOfSlashPairs() + "//"
        }
        let version = pick([ProtocolVersion.v2005, .v2017, .v2025])
        let split = Int.random(in: 0..<4, using: &random) == 0
        let pnum = split ? Int.random(in: 1...9, using: &random) : nil
        let header = PacketHeader(
            qn: version == .v2005 && Bool.random(using: &random) ? nil : time().qnDigits,
            st: pick(["31", "32", "22", "91", "39"]),
            cn: pick(["2011", "2051", "2061", "2031", "3020", "9014", "1062"]),
            pw: pick([nil, "123456", "BF470F88957588DE902D1A52"]),
            mn: pick(["010000A8900016F000169DC0", "88888880000001", "411420sibo0606"]),
            flag: version == .v2005 && !split ? nil : PacketHeader.flag(version: version, wantsAck: Bool.random(using: &random), split: split),
            pnum: pnum, pno: pnum.map { Int.random(in: 1...$0, using: &random) })
        var groups: [[DataItem]] = [[DataItem(key: "DataTime", value: time().digits)]]
        for (index, code) in Self.codes.shuffled(using: &random).prefix(Int.random(in: 0...8, using: &random)).enumerated() {
            var group: [DataItem] = []
            for suffix in Self.suffixes.shuffled(using: &random).prefix(Int.random(in: 1...4, using: &random)) {
                let value: String
                switch suffix {
                case "Flag": value = pick(["N", "F", "M", "S", "D", "C", "T", "B"])
                case "EFlag": value = "A0" + digits(1)
                case "SampleTime": value = time().digits
                case "SN": value = "SN" + digits(8)
                default: value = number()
                }
                group.append(DataItem(key: "\(code)-\(suffix)", value: value, group: index + 1))
            }
            groups.append(group)
        }
        if Bool.random(using: &random) {
            groups.append([DataItem(key: "PolId", value: pick(["w01018", "a21026"]))])
            groups.append([DataItem(key: "i11001-Info", value: text())])
            groups.append([DataItem(key: "i12001-Info", value: String(Int.random(in: 0...10, using: &random)))])
        }
        return Generated(header: header, groups: groups)
    }

    @Test func everyGeneratedPacketDecodesToWhatWasEncoded() throws {
        var random = SeededRandom(seed: 0x2017)
        for round in 0..<500 {
            let generated = Self.generate(&random)
            let frame = try PacketEncoder.encode(generated.header, groups: generated.groups)
            let packet = try #require(TestFrames.packet(frame, .lenient), "round \(round): \(String(decoding: frame, as: UTF8.self))")
            let header = generated.header
            #expect(packet.qn == header.qn && packet.st == header.st && packet.cn == header.cn && packet.pw == header.pw)
            #expect(packet.mn == header.mn && packet.flag == header.flag && packet.pnum == header.pnum && packet.pno == header.pno)
            #expect(packet.raw == frame)
            #expect(packet.terminator == .crlf)
            let items = generated.groups.joined()
            #expect(packet.cp.items.map(\.key) == items.map(\.key), "round \(round)")
            #expect(packet.cp.items.map(\.valueBytes) == items.map(\.valueBytes), "round \(round)")
            for factor in packet.cp.factors {
                if let rtd = factor.rtd {
                    let text = items.first { $0.key == "\(factor.originalCode)-Rtd" }?.value
                    #expect(Double(text ?? "") == rtd)
                }
            }
            // Re-encoding what was decoded gives the same frame.
            let segment = Array(packet.segment)
            let bodyStart = try #require(segment.firstRange(of: Array("CP=&&".utf8))).upperBound
            let body = String(decoding: segment[bodyStart..<(segment.count - 2)], as: UTF8.self)
            let again = try PacketEncoder.encode(
                PacketHeader(qn: packet.qn, st: packet.st, cn: packet.cn, pw: packet.pw, mn: packet.mn, flag: packet.flag,
                             pnum: packet.pnum, pno: packet.pno),
                cp: body)
            #expect(again == frame)
        }
    }

    @Test func theEncoderRefusesWhatCannotTravel() {
        #expect(throws: HJ212EncodingError.self) {
            try PacketEncoder.encode(PacketHeader(st: "31", cn: "2011", mn: "A;B"), cp: "")
        }
        #expect(throws: HJ212EncodingError.self) {
            try PacketEncoder.encode(PacketHeader(st: "31", cn: "20111", mn: "X"), cp: "")
        }
        #expect(throws: HJ212EncodingError.self) {
            try PacketEncoder.encode(PacketHeader(st: "31", cn: "2011", mn: "X", pnum: 2), cp: "")
        }
        #expect(throws: HJ212EncodingError.self) {
            try PacketEncoder.encode(PacketHeader(st: "31", cn: "2011", mn: "X"), cp: String(repeating: "a", count: 10_000))
        }
        #expect(throws: HJ212EncodingError.self) {
            try PacketEncoder.encode(PacketHeader(st: "31", cn: "2011", mn: "X"), groups: [[DataItem(key: "a=b", value: "1")]])
        }
    }

    @Test func theEncoderWritesTheGoldenVector() throws {
        let frame = try PacketEncoder.encode(
            PacketHeader(qn: "20160801085857223", st: "32", cn: "1062", pw: "100000", mn: "010000A8900016F000169DC0", flag: 5),
            cp: "RtdInterval=30")
        #expect(String(decoding: frame, as: UTF8.self) == "##0101" + TestFrames.goldenSegment + "1C80\r\n")
    }
}

extension String {
    /// Breaks up "//" so generated text cannot close itself early.
    func replacingOccurrencesOfSlashPairs() -> String {
        var result = ""
        for character in self {
            if character == "/" && result.hasSuffix("/") { result.append("_") }
            result.append(character)
        }
        return result
    }
}
