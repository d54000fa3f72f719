import HJ212
import Testing

/// The framer: resynchronisation, bounded garbage, terminators, and output that does not depend on
/// how the input was chunked.
@Suite("Framing")
struct FramingTests {
    /// A stream mixing everything the framer must survive.
    static var mixedStream: [UInt8] {
        var stream: [UInt8] = []
        stream += Array("\u{0}\u{1}garbage##12x#".utf8)
        stream += TestFrames.flueGas
        stream += TestFrames.water2005
        stream += TestFrames.frame(TestFrames.flueGasSegment, crc: .fixed("FFFF"))
        stream += TestFrames.siteInfo
        stream += Array("###".utf8)
        stream += TestFrames.frame(TestFrames.goldenSegment, terminator: "")
        stream += TestFrames.frame(TestFrames.water2005Segment, crc: .lower, terminator: "\n")
        stream += TestFrames.frame(TestFrames.flueGasSegment, declaredLength: TestFrames.flueGasSegment.utf8.count + 7)
        stream += Array("##0003".utf8)
        stream += TestFrames.frame(TestFrames.flueGasSegment, crc: .modbusSwapped)
        stream += Array(TestFrames.flueGas.prefix(50))
        stream += TestFrames.frame(TestFrames.goldenSegment)
        stream += Array("tail garbage".utf8)
        return stream
    }

    /// Feeds `chunks` one at a time, draining after each, then finishes.
    static func decode(chunks: [[UInt8]], options: DecodeOptions) -> [FrameEvent] {
        var decoder = FrameDecoder(options: options)
        var events: [FrameEvent] = []
        for chunk in chunks {
            decoder.append(contentsOf: chunk)
            while let event = decoder.next() { events.append(event) }
        }
        decoder.finish()
        while let event = decoder.next() { events.append(event) }
        return events
    }

    @Test(arguments: [DecodeOptions.strict, .lenient])
    func wholeByteByByteAndRandomChunksGiveTheSameEvents(_ options: DecodeOptions) {
        let stream = Self.mixedStream
        let whole = Self.decode(chunks: [stream], options: options)
        let bytewise = Self.decode(chunks: stream.map { [$0] }, options: options)
        #expect(bytewise == whole)
        var random = SeededRandom(seed: 212)
        for _ in 0..<20 {
            var chunks: [[UInt8]] = []
            var index = 0
            while index < stream.count {
                let size = Int.random(in: 1...97, using: &random)
                chunks.append(Array(stream[index..<min(index + size, stream.count)]))
                index += size
            }
            #expect(Self.decode(chunks: chunks, options: options) == whole)
        }
        #expect(TestFrames.packets(whole).count >= 6)
    }

    @Test func manyFramesInOneReadComeOutInOrder() {
        var stream: [UInt8] = []
        for index in 0..<200 {
            let qn = "QN=20240123131502" + String(100 + index % 900) + ";"
            stream += TestFrames.frame(qn + "ST=31;CN=2011;PW=1;MN=M\(index);Flag=4;CP=&&DataTime=20240123131500;a21026-Rtd=\(index)&&")
        }
        let packets = TestFrames.packets(TestFrames.events(stream))
        #expect(packets.map(\.mn) == (0..<200).map { "M\($0)" })
        #expect(packets.map { $0.cp.factors.first?.rtd } == (0..<200).map { Double($0) })
    }

    @Test func theMixedStreamDecodesAsExpected() {
        let events = TestFrames.events(Self.mixedStream, .strict)
        let summary = events.map { event -> String in
            switch event {
            case .packet(let packet): "packet \(packet.cn)"
            case .rejected(let rejection): rejection.reason.rawValue
            }
        }
        #expect(summary == [
            "bad_header", "packet 2011", "packet 2011", "crc_mismatch", "packet 3020", "bad_header", "packet 1062",
            "packet 2011", "length_mismatch", "bad_length", "modbus_crc", "length_mismatch", "packet 1062", "bad_header",
        ])
    }

    @Test func garbageIsDroppedWhileScanningAndReportedOnce() {
        var decoder = FrameDecoder()
        var random = SeededRandom(seed: 1)
        var rejections: [Rejection] = []
        var maxBuffered = 0
        for _ in 0..<256 {
            // 4 KiB of bytes that never form "##".
            let chunk = (0..<4096).map { _ in UInt8.random(in: 0x24...0xFF, using: &random) }
            decoder.append(contentsOf: chunk)
            while let event = decoder.next() {
                if case .rejected(let rejection) = event { rejections.append(rejection) }
            }
            maxBuffered = max(maxBuffered, decoder.bufferedByteCount)
        }
        decoder.append(contentsOf: TestFrames.flueGas)
        var packets = 0
        while let event = decoder.next() {
            switch event {
            case .rejected(let rejection): rejections.append(rejection)
            case .packet: packets += 1
            }
        }
        #expect(maxBuffered <= 1)
        #expect(packets == 1)
        #expect(rejections.allSatisfy { $0.reason == .badHeader && $0.raw.count <= Rejection.sampleLimit })
        #expect(rejections.map(\.byteCount).reduce(0, +) == 256 * 4096)
        #expect(rejections.count == 256 * 4096 / FrameDecoder.garbageReportBytes)
    }

    @Test func anIdleDecoderGivesBackTheMemoryOfABurst() {
        var decoder = FrameDecoder()
        var burst: [UInt8] = []
        for _ in 0..<200 { burst += TestFrames.flueGas }
        decoder.append(contentsOf: burst)
        var packets = 0
        while let event = decoder.next() {
            if case .packet = event { packets += 1 }
        }
        #expect(packets == 200)
        #expect(decoder.bufferedByteCount == 0)
        #expect(decoder.retainedBytes <= 2048)
    }

    @Test func aFrameSplitByteByByteIsDecodedOnceComplete() {
        var decoder = FrameDecoder()
        let frame = TestFrames.flueGas
        for byte in frame.dropLast() {
            decoder.append(contentsOf: [byte])
            #expect(decoder.next() == nil)
        }
        decoder.append(contentsOf: [frame.last!])
        guard case .packet(let packet) = decoder.next() else {
            Issue.record("no packet")
            return
        }
        #expect(packet.raw == frame)
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func aFrameWithoutTerminatorWaitsForTheNextByteOrTheEnd() {
        var decoder = FrameDecoder()
        let frame = TestFrames.frame(TestFrames.goldenSegment, terminator: "")
        decoder.append(contentsOf: frame)
        #expect(decoder.next() == nil)
        decoder.finish()
        guard case .packet(let packet) = decoder.next() else {
            Issue.record("no packet after finish")
            return
        }
        #expect(packet.terminator == .none)
        #expect(packet.has(.missingTerminator))
        // Input continues after finish(): the next frame decodes normally.
        decoder.append(contentsOf: TestFrames.water2005)
        guard case .packet(let next) = decoder.next() else {
            Issue.record("no packet after more input")
            return
        }
        #expect(next.terminator == .crlf)
    }

    /// Frames whose last item is short and that have no terminator end exactly at the array's end:
    /// the scanners must not read past it (run under the address sanitizer to see a difference).
    @Test func shortLastItemsWithoutTerminator() {
        for tail in ["a", "a=", "a=1", "a21026-R", "a21026-Rtd=1", "a21026-F=N", ";", ",x"] {
            let segment = "QN=20240123131502123;ST=31;CN=2011;PW=1;MN=X1;Flag=4;CP=&&DataTime=20240123131500;a21026-Rtd=1," + tail + "&&"
            let events = TestFrames.events(TestFrames.frame(segment, terminator: ""))
            #expect(events.count == 1)
        }
    }

    @Test func bytesAfterAVerifiedCRCAreNotPartOfTheFrame() throws {
        let frame = TestFrames.frame(TestFrames.goldenSegment, terminator: "")
        let events = TestFrames.events(frame + Array("xyz".utf8) + TestFrames.water2005)
        let packets = TestFrames.packets(events)
        #expect(packets.map(\.cn) == ["1062", "2011"])
        #expect(packets.first?.terminator == Terminator.none)
        #expect(TestFrames.rejections(frame + Array("xyz".utf8) + TestFrames.water2005).map(\.reason) == [.badHeader])
    }

    @Test func resynchronisesInsideABadFrame() {
        // A frame whose declared length swallows the next frame: the next one must still come out.
        let cut = Array(TestFrames.flueGas.prefix(80))
        let events = TestFrames.events(cut + TestFrames.water2005 + TestFrames.siteInfo)
        let packets = TestFrames.packets(events)
        #expect(packets.map(\.cn) == ["2011", "3020"])
        #expect(packets.first?.mn == "88888880000001")
    }

    @Test func aFrameOverTheMaximumIsNotBuffered() {
        var decoder = FrameDecoder(options: DecodeOptions(maxFrameBytes: 256))
        decoder.append(contentsOf: Array("##9999".utf8))
        guard case .rejected(let rejection) = decoder.next() else {
            Issue.record("no rejection")
            return
        }
        #expect(rejection.reason == .oversize)
        // The declared body is skipped silently (already reported), without being held.
        for _ in 0..<10 {
            decoder.append(contentsOf: [UInt8](repeating: 0x41, count: 999))
            #expect(decoder.next() == nil)
            #expect(decoder.bufferedByteCount <= 1)
        }
        decoder.append(contentsOf: TestFrames.water2005)
        var sawPacket = false
        while let event = decoder.next() {
            if case .packet = event { sawPacket = true }
        }
        #expect(sawPacket)
    }

    @Test func lengthMismatchIsFoundByTheCRCInLenientMode() throws {
        let segment = TestFrames.flueGasSegment
        for offset in [-5, -1, 1, 9] {
            let frame = TestFrames.frame(segment, declaredLength: segment.utf8.count + offset)
            let strict = TestFrames.events(frame + TestFrames.water2005, .strict)
            guard case .rejected(let rejection) = strict.first else {
                Issue.record("strict accepted a wrong length \(offset)")
                continue
            }
            #expect(rejection.reason == .lengthMismatch)
            #expect(rejection.raw == frame)
            #expect(TestFrames.packets(strict).map(\.mn) == ["88888880000001"])
            let packet = try #require(TestFrames.packet(frame, .lenient))
            #expect(packet.declaredLength == segment.utf8.count + offset)
            #expect(packet.segment.count == segment.utf8.count)
            #expect(packet.has(.lengthMismatch))
        }
    }

    @Test func declaredLengthCountsBytesNotCharacters() throws {
        let packet = try #require(TestFrames.packet(TestFrames.siteInfo))
        #expect(packet.declaredLength == TestFrames.siteInfoSegment.utf8.count)
        #expect(packet.declaredLength > TestFrames.siteInfoSegment.count)
    }

    @Test func crcZeroIsAValidCRC() throws {
        // Search a data value whose CRC is 0000 and check it is not treated as a placeholder.
        var found: [UInt8]?
        for value in 0..<400_000 {
            let segment = "QN=20240123131502123;ST=31;CN=2011;PW=1;MN=X1;Flag=4;CP=&&DataTime=20240123131500;a21026-Rtd=\(value)&&"
            if HJ212CRC.checksum(Array(segment.utf8)) == 0 {
                found = TestFrames.frame(segment)
                break
            }
        }
        let frame = try #require(found)
        #expect(String(decoding: frame.suffix(6).prefix(4), as: UTF8.self) == "0000")
        #expect(TestFrames.packet(frame) != nil)
    }
}
