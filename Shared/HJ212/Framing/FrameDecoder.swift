/// Streaming HJ 212 framer and decoder for one connection.
///
/// Append bytes as they arrive, then call `next()` until it returns nil. Frames are found by `##`,
/// the 4-digit length, the data segment and the CRC, never by searching for `&&` or CRLF (the
/// protocol has no escaping). After garbage or a bad frame it resynchronises on the next `##dddd`,
/// keeping the rest of the buffer; frames split across reads or many in one read come out the
/// same. Garbage is dropped while scanning (memory stays bounded by the largest frame) and reported
/// once per run, or every `garbageReportBytes` bytes for an endless run.
///
/// Decisions never depend on how input was chunked: when the bytes seen so far cannot decide (a
/// frame without terminator at the end of the buffer, a declared length longer than the data),
/// `next()` waits. `finish()` says the input ended there (end of file, or the connection went
/// quiet), which lets those cases be decided.
public struct FrameDecoder: Sendable {
    /// The shortest data segment that can hold ST, CN and CP (`ST=;CN=;CP=&&&&`).
    static let minimumSegment = 15
    /// Buffer capacity kept once everything is consumed; more is given back, so thousands of idle
    /// connections do not each pin the largest read they ever saw.
    static let retainedBufferBytes = 2048
    /// A run of garbage is reported at its end, or after this many bytes if it does not end.
    public static let garbageReportBytes = 65_536

    public var options: DecodeOptions
    private var buffer: [UInt8] = []
    private var head = 0
    /// Bytes before this index were covered by a rejection already and are not garbage again.
    private var quietEnd = 0
    private var garbageCount = 0
    private var garbageSample: [UInt8] = []
    private var finished = false
    private var search: LengthSearch?
    private var parser = SegmentParser()

    public init(options: DecodeOptions = .strict) {
        self.options = options
    }

    /// Bytes held waiting for the rest of a frame.
    public var bufferedByteCount: Int { buffer.count - head }

    /// Buffer memory held (capacity), for per-connection memory accounting.
    public var retainedBytes: Int { buffer.capacity }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
        finished = false
    }

    public mutating func append(contentsOf bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Marks the end of the input so far: a frame waiting for its terminator is taken as having
    /// none, a frame cut short is rejected as truncated, pending garbage is reported. Appending
    /// afterwards continues normally.
    public mutating func finish() {
        finished = true
    }

    /// The next packet or rejection, or nil when more bytes are needed.
    public mutating func next() -> FrameEvent? {
        while true {
            switch step() {
            case .event(let event): return event
            case .needMore: return nil
            case .again: continue
            }
        }
    }

    /// Decodes a complete input (a file, a test vector): every event in order.
    public static func decodeAll(_ bytes: [UInt8], options: DecodeOptions = .strict) -> [FrameEvent] {
        var decoder = FrameDecoder(options: options)
        decoder.append(contentsOf: bytes)
        decoder.finish()
        var events: [FrameEvent] = []
        while let event = decoder.next() { events.append(event) }
        return events
    }

    // MARK: Scanning

    private enum Step {
        case event(FrameEvent)
        case needMore
        case again
    }

    private mutating func step() -> Step {
        let count = buffer.count
        guard head < count else {
            if finished && garbageCount > 0 { return .event(.rejected(flushGarbage())) }
            // Everything consumed: an idle connection keeps no more than a small buffer.
            compact()
            return .needMore
        }
        let start = buffer.withUnsafeBytes { FrameDecoder.findHashPair($0, from: head) }
        guard let start else {
            let keepLast = !finished && buffer[count - 1] == Bytes.hash
            if consumeGarbage(upTo: keepLast ? count - 1 : count) { return .event(.rejected(flushGarbage())) }
            return finished && garbageCount > 0 ? .event(.rejected(flushGarbage())) : .needMore
        }
        if start > head, consumeGarbage(upTo: start) { return .event(.rejected(flushGarbage())) }
        if head < start { return .again }
        guard count - start >= 6 else {
            guard finished else { return .needMore }
            _ = consumeGarbage(upTo: count)
            return garbageCount > 0 ? .event(.rejected(flushGarbage())) : .again
        }
        let isHeader = buffer.withUnsafeBytes { FrameEnd.isHeader(at: start, in: $0.baseAddress!, count: count) } ?? false
        guard isHeader else {
            if consumeGarbage(upTo: start + 1) { return .event(.rejected(flushGarbage())) }
            return .again
        }
        if garbageCount > 0 { return .event(.rejected(flushGarbage())) }
        return frame(at: start)
    }

    private mutating func frame(at start: Int) -> Step {
        let count = buffer.count
        var declared = 0
        for index in start + 2..<start + 6 { declared = declared * 10 + Int(buffer[index] - 0x30) }
        if declared < FrameDecoder.minimumSegment {
            return reject(.badLength, "长度字段 \(declared) 小于最短数据段 \(FrameDecoder.minimumSegment) 字节",
                          from: start, to: start + 6, resumeAt: start + 2)
        }
        let segmentStart = start + 6
        let segmentEnd = segmentStart + declared
        if segmentEnd + 4 - start > options.maxFrameBytes {
            quietEnd = max(quietEnd, segmentEnd + 4)
            return reject(.oversize, "声明长度 \(declared) 超过本连接允许的最大帧 \(options.maxFrameBytes) 字节",
                          from: start, to: start + 6, resumeAt: start + 2)
        }
        let finished = self.finished
        let end = buffer.withUnsafeBytes { FrameEnd.at(segmentEnd, in: $0.baseAddress!, count: count, finished: finished) }
        switch end {
        case .needMore:
            return .needMore
        case .end(let crc, let lowercase, let terminator):
            return accept(start: start, segmentEnd: segmentEnd, declared: declared, crcLowercase: lowercase,
                          terminator: terminator, check: .against(crc))
        case .notAnEnd:
            // A CRC field that verifies, followed by something else than a terminator: the frame is
            // right and the bytes after it are not part of it (they will be garbage or a frame).
            let verified: (UInt16, Bool, CRCVariant)? = buffer.withUnsafeBytes { bytes in
                guard let field = FrameEnd.crcField(at: segmentEnd, in: bytes.baseAddress!, count: count) else { return nil }
                let segment = UnsafeRawBufferPointer(rebasing: bytes[segmentStart..<segmentEnd])
                if HJ212CRC.checksum(segment) == field.crc { return (field.crc, field.lowercase, .hj212) }
                if HJ212CRC.swapped(HJ212CRC.modbusChecksum(segment)) == field.crc { return (field.crc, field.lowercase, .modbusSwapped) }
                return nil
            }
            if let (_, lowercase, variant) = verified {
                return accept(start: start, segmentEnd: segmentEnd, declared: declared, crcLowercase: lowercase,
                              terminator: .none, check: .verified(variant))
            }
            return searchRealEnd(start: start, declared: declared)
        }
    }

    /// The declared length does not lead to a CRC: find where the frame really ends, if anywhere.
    private mutating func searchRealEnd(start: Int, declared: Int) -> Step {
        let count = buffer.count
        var search = self.search?.frameStart == start ? self.search! : LengthSearch(frameStart: start)
        let finished = self.finished
        let options = self.options
        let declaredEnd = start + 6 + declared
        let outcome = buffer.withUnsafeBytes { bytes in
            search.advance(bytes.baseAddress!, count: count, finished: finished, declaredEnd: declaredEnd, options: options)
        }
        switch outcome {
        case .needMore:
            self.search = search
            return .needMore
        case .found(let segmentEnd, let lowercase, let terminator, let variant):
            self.search = nil
            return accept(start: start, segmentEnd: segmentEnd, declared: declared, crcLowercase: lowercase,
                          terminator: terminator, check: .verified(variant))
        case .notFound(let stop, let nextHeader):
            self.search = nil
            let cut = nextHeader ? stop : max(stop, min(count, declaredEnd + 4))
            if !nextHeader && finished && count < declaredEnd + 4 {
                quietEnd = max(quietEnd, count)
                return reject(.truncated, "输入在帧内结束：声明长度 \(declared)，只收到 \(count - start - 6) 字节数据段",
                              from: start, to: count, resumeAt: start + 2)
            }
            quietEnd = max(quietEnd, cut)
            return reject(.lengthMismatch, "声明长度 \(declared) 处不是校验码，也找不到校验正确的帧尾",
                          from: start, to: cut, resumeAt: start + 2)
        }
    }

    /// How the CRC of a delimited frame is still to be judged.
    private enum CRCCheck {
        /// Compare the CRC computed while parsing with the frame's CRC field.
        case against(UInt16)
        /// The length search already verified it.
        case verified(CRCVariant)
    }

    /// Copies the frame, parses it while computing its CRC, then judges: CRC (either variant) first,
    /// then the strict-mode deviations, then what the parser found.
    private mutating func accept(start: Int, segmentEnd: Int, declared: Int, crcLowercase: Bool,
                                 terminator: Terminator, check: CRCCheck) -> Step {
        let frameEnd = segmentEnd + 4 + terminator.byteCount
        let raw = Array(buffer[start..<frameEnd])
        let segmentLength = segmentEnd - start - 6
        var layout = PacketLayout()
        layout.segmentEnd = segmentEnd - start
        layout.declaredLength = declared
        layout.terminator = terminator
        let tables = options.tables
        var computed: UInt16 = 0
        let failure = raw.withUnsafeBytes { bytes in
            let base = bytes.baseAddress!
            var cursor = CRCCursor(start: 6, end: 6 + segmentLength)
            let failure = parser.parse(base, frameLength: bytes.count, layout: &layout, tables: tables, crc: &cursor)
            computed = cursor.finish(base)
            return failure
        }
        let variant: CRCVariant
        switch check {
        case .verified(let verified):
            variant = verified
        case .against(let field) where field == computed:
            variant = .hj212
        case .against(let field):
            let modbus = raw.withUnsafeBytes { HJ212CRC.swapped(HJ212CRC.modbusChecksum(UnsafeRawBufferPointer(rebasing: $0[6..<6 + segmentLength]))) }
            guard modbus == field else {
                head = start + 2
                quietEnd = max(quietEnd, frameEnd)
                search = nil
                return .event(.rejected(Rejection(
                    reason: .crcMismatch, detail: "校验码 \(hex(field)) 与数据段的 CRC \(hex(computed)) 不符（Modbus 变体也不符）", raw: raw)))
            }
            variant = .modbusSwapped
        }
        head = frameEnd
        search = nil
        layout.crcVariant = variant
        if crcLowercase { layout.deviations.insert(.lowercaseCRC) }
        switch terminator {
        case .crlf: break
        case .lf: layout.deviations.insert(.lfOnly)
        case .cr: layout.deviations.insert(.crOnly)
        case .none: layout.deviations.insert(.missingTerminator)
        }
        let strict = options.mode == .strict
        if segmentLength != declared {
            if strict {
                return .event(.rejected(Rejection(reason: .lengthMismatch,
                                                  detail: "声明长度 \(declared)，实际数据段 \(segmentLength) 字节（严格模式）", raw: raw)))
            }
            layout.deviations.insert(.lengthMismatch)
        }
        if variant == .modbusSwapped {
            if strict {
                return .event(.rejected(Rejection(reason: .modbusCRC,
                                                  detail: "校验码是 Modbus CRC（低字节在前），不是 HJ 212 CRC（严格模式）", raw: raw)))
            }
            layout.deviations.insert(.modbusCRC)
        }
        if segmentLength > 1024 {
            if strict {
                return .event(.rejected(Rejection(reason: .oversize,
                                                  detail: "数据段 \(segmentLength) 字节，超过标准的 1024 字节（严格模式）", raw: raw)))
            }
            layout.deviations.insert(.oversizeSegment)
        }
        if let failure {
            return .event(.rejected(Rejection(reason: failure.reason, detail: failure.detail, raw: raw)))
        }
        return .event(.packet(Packet(raw: raw, layout: layout, slots: parser.slots, tables: tables)))
    }

    private mutating func reject(_ reason: RejectReason, _ detail: String, from start: Int, to end: Int,
                                 resumeAt resume: Int) -> Step {
        let raw = Array(buffer[start..<min(end, buffer.count)])
        quietEnd = max(quietEnd, end)
        head = resume
        search = nil
        return .event(.rejected(Rejection(reason: reason, detail: detail, raw: raw)))
    }

    // MARK: Garbage

    /// Drops `head..<end` as garbage (bytes before `quietEnd` silently). Stops early and returns true
    /// when the run reached `garbageReportBytes` and must be reported now.
    private mutating func consumeGarbage(upTo end: Int) -> Bool {
        let silentEnd = min(max(head, quietEnd), end)
        head = silentEnd
        guard head < end else { return false }
        let room = FrameDecoder.garbageReportBytes - garbageCount
        let take = min(end - head, room)
        let sampleRoom = Rejection.sampleLimit - garbageSample.count
        if sampleRoom > 0 { garbageSample.append(contentsOf: buffer[head..<head + min(take, sampleRoom)]) }
        garbageCount += take
        head += take
        return garbageCount >= FrameDecoder.garbageReportBytes
    }

    private mutating func flushGarbage() -> Rejection {
        let rejection = Rejection(reason: .badHeader, detail: "丢弃 \(garbageCount) 字节不属于任何“##dddd”帧的数据",
                                  raw: garbageSample, byteCount: garbageCount)
        garbageCount = 0
        garbageSample = []
        return rejection
    }

    /// Drops consumed bytes before appending, and gives memory back after a burst.
    private mutating func compact() {
        guard head > 0 else { return }
        if head >= buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= FrameDecoder.retainedBufferBytes)
        } else {
            buffer.removeSubrange(0..<head)
        }
        quietEnd = max(0, quietEnd - head)
        search = search?.shifted(by: head)
        head = 0
    }

    private static func findHashPair(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var index = start
        let last = bytes.count - 1
        while index < last {
            if bytes[index] == Bytes.hash {
                if bytes[index + 1] == Bytes.hash { return index }
                index += 2
                continue
            }
            index += 1
        }
        return nil
    }
}

private func hex(_ value: UInt16) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(value >> 12)], digits[Int(value >> 8 & 0xF)], digits[Int(value >> 4 & 0xF)], digits[Int(value & 0xF)]])
}
