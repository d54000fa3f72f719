/// Parses a data segment that framed correctly into a `PacketLayout` and item slots, in one pass,
/// without making strings. Parses by key, never by position (real packets reorder the header and
/// omit QN or Flag), splits header from data area at the first `CP=`, and never looks for `&&`
/// inside the data area: its end is the last two bytes of the segment.
struct SegmentParser {
    /// Scratch reused from frame to frame; each packet gets an exact-size copy.
    private var buffer = SlotBuffer()

    /// The items of the last successful `parse`, valid until the next one.
    var slots: UnsafeBufferPointer<ItemSlot> { buffer.slots }

    /// Longest header value accepted (real MN/PW/QN are at most a few dozen bytes). The bound keeps
    /// every reply, which copies QN, PW and MN, far inside the 9999-byte limit of the length field.
    static let maximumHeaderValue = 255

    init() {}

    /// Header keys in the standard's order; the index decides "reordered".
    private enum HeaderKey: Int {
        case qn, st, cn, pw, mn, flag, pnum, pno
    }

    // Little-endian words of the header keys (see KeyWords).
    private static let wordQN: UInt64 = 0x4E51
    private static let wordST: UInt64 = 0x5453
    private static let wordCN: UInt64 = 0x4E43
    private static let wordPW: UInt64 = 0x5750
    private static let wordMN: UInt64 = 0x4E4D
    private static let wordCP: UInt64 = 0x5043
    private static let wordFlag: UInt64 = 0x6761_6C46
    private static let wordPNUM: UInt64 = 0x4D55_4E50
    private static let wordPNO: UInt64 = 0x4F_4E50

    /// Parses the segment `[6, layout.segmentEnd)` of the frame at `base` (`frameLength` readable
    /// bytes). On success `slots` holds the data-area items.
    /// `crc` is advanced as parsing goes (the caller finishes it, also after a failure).
    mutating func parse(_ base: UnsafeRawPointer, frameLength: Int, layout: inout PacketLayout,
                        tables: CodeTables, crc: inout CRCCursor) -> ParseFailure? {
        if !isKnownUniquelyReferenced(&buffer) { buffer = SlotBuffer() }
        buffer.reset()
        if !standardHeader(base, frameLength: frameLength, layout: &layout),
           let failure = parseHeader(base, frameLength: frameLength, layout: &layout) {
            return failure
        }
        if let failure = validateHeader(base, layout: &layout, tables: tables) { return failure }
        return parseDataArea(base, frameLength: frameLength, layout: &layout, tables: tables, crc: &crc)
    }

    // MARK: Header

    /// The header exactly as the standard writes it: `QN=` (17) `;ST=` (2) `;CN=` (4) `;PW=…;MN=…;Flag=…;`
    /// `[PNUM=…;PNO=…;]CP=&&`. Where the standard fixes a length the bytes are checked at fixed
    /// offsets, so no loop exit depends on the data (those mispredict); anything else returns false
    /// and `parseHeader` reads the header by key. Sets `layout` only on success.
    private func standardHeader(_ base: UnsafeRawPointer, frameLength: Int, layout: inout PacketLayout) -> Bool {
        let end = layout.segmentEnd
        guard end &- 6 >= 50 else { return false }
        @inline(__always) func three(_ offset: Int) -> UInt32 {
            UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) & 0x00FF_FFFF
        }
        @inline(__always) func byte(_ offset: Int) -> UInt8 { base.load(fromByteOffset: offset, as: UInt8.self) }
        // "QN=" 6…8, QN 9..<26, ";ST=" 26…29, ST 30..<32, ";CN=" 32…35, CN 36..<40, ";PW=" 40…43.
        guard three(6) == 0x3D_4E51, byte(26) == Bytes.semicolon, three(27) == 0x3D_5453, byte(32) == Bytes.semicolon,
              three(33) == 0x3D_4E43, byte(40) == Bytes.semicolon, three(41) == 0x3D_5750 else { return false }
        @inline(__always) func value(from start: Int) -> Span? {
            let stop = SegmentParser.find(base, from: start, end: end, limit: frameLength, Bytes.semicolon, or: Bytes.semicolon)
            guard stop < end, stop &- start <= SegmentParser.maximumHeaderValue else { return nil }
            return Span(start, stop)
        }
        guard let pw = value(from: 44), Int(pw.end) &+ 4 < end, three(Int(pw.end) &+ 1) == 0x3D_4E4D,
              let mn = value(from: Int(pw.end) &+ 4), Int(mn.end) &+ 6 < end,
              UInt32(littleEndian: base.loadUnaligned(fromByteOffset: Int(mn.end) &+ 1, as: UInt32.self)) == 0x6761_6C46,
              byte(Int(mn.end) &+ 5) == Bytes.equals,
              let flag = value(from: Int(mn.end) &+ 6)
        else { return false }
        var position = Int(flag.end) &+ 1
        var pnum = Span.absent, pno = Span.absent
        if position &+ 5 < end,
           UInt32(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt32.self)) == 0x4D55_4E50,
           byte(position &+ 4) == Bytes.equals {
            guard let total = value(from: position &+ 5), Int(total.end) &+ 5 < end,
                  UInt32(littleEndian: base.loadUnaligned(fromByteOffset: Int(total.end) &+ 1, as: UInt32.self)) == 0x3D4F_4E50,
                  let part = value(from: Int(total.end) &+ 5)
            else { return false }
            pnum = total
            pno = part
            position = Int(part.end) &+ 1
        }
        guard position &+ 5 <= end, three(position) == 0x3D_5043,
              byte(position &+ 3) == Bytes.ampersand, byte(position &+ 4) == Bytes.ampersand else { return false }
        layout.qn = Span(9, 26)
        layout.st = Span(30, 32)
        layout.cn = Span(36, 40)
        layout.pw = pw
        layout.mn = mn
        layout.flag = flag
        layout.pnum = pnum
        layout.pno = pno
        layout.cpStart = position &+ 5
        return true
    }

    private func parseHeader(_ base: UnsafeRawPointer, frameLength: Int, layout: inout PacketLayout) -> ParseFailure? {
        let end = layout.segmentEnd
        var position = 6
        var lastOrder = -1
        while position < end {
            let keyStart = position
            position = SegmentParser.find(base, from: position, end: end, limit: frameLength, Bytes.equals, or: Bytes.semicolon)
            guard position < end, base.load(fromByteOffset: position, as: UInt8.self) == Bytes.equals else {
                return ParseFailure(reason: .badField,
                                    detail: "报文头字段“\(Bytes.text(base, keyStart, position))”缺少“=”")
            }
            let keyEnd = position
            position += 1
            let key = KeyWords(base, start: keyStart, length: keyEnd - keyStart, limit: frameLength)
            if key.length == 2 && key.first == SegmentParser.wordCP {
                guard position + 2 <= end,
                      base.load(fromByteOffset: position, as: UInt8.self) == Bytes.ampersand,
                      base.load(fromByteOffset: position + 1, as: UInt8.self) == Bytes.ampersand
                else {
                    return ParseFailure(reason: .missingCP, detail: "CP 的值未以“&&”开始")
                }
                layout.cpStart = position + 2
                return nil
            }
            let valueStart = position
            position = SegmentParser.find(base, from: position, end: end, limit: frameLength, Bytes.semicolon, or: Bytes.semicolon)
            let value = Span(valueStart, position)
            if position < end { position += 1 }
            guard value.count <= SegmentParser.maximumHeaderValue else {
                return ParseFailure(reason: .badField,
                                    detail: "报文头字段“\(Bytes.text(base, keyStart, keyEnd))”的值长 \(value.count) 字节，超过 \(SegmentParser.maximumHeaderValue)")
            }

            let header: HeaderKey?
            switch (key.length, key.first) {
            case (2, SegmentParser.wordQN): header = .qn
            case (2, SegmentParser.wordST): header = .st
            case (2, SegmentParser.wordCN): header = .cn
            case (2, SegmentParser.wordPW): header = .pw
            case (2, SegmentParser.wordMN): header = .mn
            case (4, SegmentParser.wordFlag): header = .flag
            case (4, SegmentParser.wordPNUM): header = .pnum
            case (3, SegmentParser.wordPNO): header = .pno
            default: header = nil
            }
            guard let header else {
                layout.deviations.insert(.unknownKey)
                continue
            }
            if header.rawValue < lastOrder { layout.deviations.insert(.reorderedHeader) }
            lastOrder = max(lastOrder, header.rawValue)
            func store(_ span: inout Span) {
                if span.isPresent {
                    layout.deviations.insert(.duplicateHeaderField)
                } else {
                    span = value
                }
            }
            switch header {
            case .qn: store(&layout.qn)
            case .st: store(&layout.st)
            case .cn: store(&layout.cn)
            case .pw: store(&layout.pw)
            case .mn: store(&layout.mn)
            case .flag: store(&layout.flag)
            case .pnum: store(&layout.pnum)
            case .pno: store(&layout.pno)
            }
        }
        return ParseFailure(reason: .missingCP, detail: "数据段中没有“CP=&&”")
    }

    private func validateHeader(_ base: UnsafeRawPointer, layout: inout PacketLayout, tables: CodeTables) -> ParseFailure? {
        let end = layout.segmentEnd
        guard end - layout.cpStart >= 2,
              base.load(fromByteOffset: end - 2, as: UInt8.self) == Bytes.ampersand,
              base.load(fromByteOffset: end - 1, as: UInt8.self) == Bytes.ampersand
        else {
            return ParseFailure(reason: .missingCPEnd, detail: "数据区未以“&&”结束")
        }
        layout.cpEnd = end - 2

        guard layout.st.count > 0 else { return ParseFailure(reason: .missingField, detail: "缺少系统编码 ST") }
        if layout.st.count != 2 { layout.deviations.insert(.nonstandardST) }

        guard layout.cn.isPresent, layout.cn.count > 0 else {
            return ParseFailure(reason: .missingField, detail: "缺少命令编码 CN")
        }
        guard let cn = decimal(base, layout.cn), layout.cn.count == 4 else {
            return ParseFailure(reason: .unknownCN,
                                detail: "命令编码 CN“\(Bytes.text(base, Int(layout.cn.start), Int(layout.cn.end)))”不是 4 位数字")
        }
        layout.cnValue = cn
        if !tables.isKnownCommand(cn) { layout.deviations.insert(.nonstandardCN) }

        if layout.mn.count == 0 {
            let isSystemReply = layout.st.count == 2
                && base.load(fromByteOffset: Int(layout.st.start), as: UInt8.self) == 0x39
                && base.load(fromByteOffset: Int(layout.st.start) + 1, as: UInt8.self) == 0x31
            guard isSystemReply else { return ParseFailure(reason: .missingField, detail: "缺少设备唯一标识 MN") }
            layout.deviations.insert(.missingMN)
        }

        if !layout.pw.isPresent {
            layout.deviations.insert(.missingPW)
        } else if layout.pw.count == 0 {
            layout.deviations.insert(.emptyPW)
        }

        if !layout.qn.isPresent {
            layout.deviations.insert(.missingQN)
        } else {
            let range = layout.qn.range
            let raw = UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
            if range.count == 17, let time = HJ212DateTime.parse(raw) {
                layout.qnTime = time
            } else if range.count == 13, decimal(base, layout.qn) != nil {
                layout.deviations.insert(.qn13Digits)
            } else {
                return ParseFailure(reason: .badQN,
                                    detail: "请求编码 QN“\(Bytes.text(base, range.lowerBound, range.upperBound))”不是 YYYYMMDDhhmmsszzz")
            }
        }

        if !layout.flag.isPresent {
            layout.deviations.insert(.missingFlag)
        } else {
            guard layout.flag.count <= 3, let flag = decimal(base, layout.flag), flag <= 255 else {
                return ParseFailure(reason: .badFlag,
                                    detail: "标志 Flag“\(Bytes.text(base, Int(layout.flag.start), Int(layout.flag.end)))”不是 0–255 的数字")
            }
            layout.flagValue = flag
        }

        let hasSplit = layout.pnum.isPresent || layout.pno.isPresent
        if hasSplit {
            guard layout.pnum.isPresent, layout.pno.isPresent else {
                return ParseFailure(reason: .badSplit, detail: "PNUM 与 PNO 必须同时出现")
            }
            guard layout.pnum.count <= 4, layout.pno.count <= 4,
                  let total = decimal(base, layout.pnum), let part = decimal(base, layout.pno),
                  total >= 1, part >= 1, part <= total
            else {
                return ParseFailure(reason: .badSplit,
                                    detail: "分包号 PNO“\(Bytes.text(base, Int(layout.pno.start), Int(layout.pno.end)))”/总包数 PNUM“\(Bytes.text(base, Int(layout.pnum.start), Int(layout.pnum.end)))”无效")
            }
            layout.pnumValue = total
            layout.pnoValue = part
        }
        let dBit = layout.flagValue >= 0 && layout.flagValue & 0b10 != 0
        if hasSplit && !dBit { layout.deviations.insert(.splitWithoutDBit) }
        if dBit && !hasSplit { layout.deviations.insert(.dBitWithoutSplit) }
        return nil
    }

    // MARK: Data area

    private mutating func parseDataArea(_ base: UnsafeRawPointer, frameLength: Int, layout: inout PacketLayout,
                                        tables: CodeTables, crc: inout CRCCursor) -> ParseFailure? {
        let end = layout.cpEnd
        var position = layout.cpStart
        var group: UInt16 = 0
        var previousCode = KeyWords(base, start: 0, length: 0, limit: 0)
        while position < end {
            let first = base.load(fromByteOffset: position, as: UInt8.self)
            if first == Bytes.semicolon || first == Bytes.comma {
                layout.deviations.insert(position + 1 == end ? .trailingSeparator : .emptyItem)
                if first == Bytes.semicolon { group &+= 1 }
                position += 1
                continue
            }
            // Key: up to `=`, remembering the last `-` (codes may be vendor names; suffixes have none).
            // Items of one factor follow each other, so first try "same code as the previous item".
            let keyStart = position
            var dash = -1
            var sameCode = false
            if previousCode.length > 0 && previousCode.length < 8 && position &+ 8 <= frameLength {
                let word = SWAR.load(base, position)
                let width = UInt64(previousCode.length &+ 1) &* 8
                let expected = previousCode.first | UInt64(Bytes.dash) &<< (width &- 8)
                if (width == 64 ? word : word & ((1 &<< width) &- 1)) == expected {
                    let scan = SegmentParser.scanKey(base, from: position &+ previousCode.length &+ 1, end: end, limit: frameLength)
                    position = scan.stop
                    sameCode = scan.dash < 0
                    dash = sameCode ? keyStart &+ previousCode.length : scan.dash
                }
            }
            if dash < 0 && !sameCode {
                let scan = SegmentParser.scanKey(base, from: position, end: end, limit: frameLength)
                position = scan.stop
                dash = scan.dash
            }
            guard position < end, base.load(fromByteOffset: position, as: UInt8.self) == Bytes.equals else {
                return ParseFailure(reason: .badItem, detail: "数据项“\(Bytes.text(base, keyStart, min(position, end)))”缺少“=”")
            }
            let keyEnd = position
            position &+= 1

            let kind: ItemKind
            let codeEnd: Int
            if dash >= 0 {
                codeEnd = dash
                kind = dash &+ 1 == keyEnd ? .otherSuffix
                    : ItemKind.suffix(KeyWords(followedBySlack: base, start: dash &+ 1, length: keyEnd &- dash &- 1))
                if dash == keyStart {
                    layout.deviations.insert(.vendorFactorCode)
                    previousCode = KeyWords(base, start: 0, length: 0, limit: 0)
                } else if !sameCode {
                    // A code not seen in the previous item: check its shape once.
                    let code = KeyWords(followedBySlack: base, start: keyStart, length: dash &- keyStart)
                    if code.length != previousCode.length || code.first != previousCode.first || code.last != previousCode.last
                        || code.length > 16 {
                        previousCode = code
                        if !SegmentParser.hasStandardCodeShape(base, keyStart, dash) {
                            let text = Bytes.text(base, keyStart, dash, limit: 64)
                            if tables.factor(text) == nil { layout.deviations.insert(.vendorFactorCode) }
                        }
                    }
                }
            } else {
                codeEnd = keyEnd
                kind = keyEnd == keyStart ? .otherBare : ItemKind.bare(KeyWords(followedBySlack: base, start: keyStart, length: keyEnd &- keyStart))
            }
            if !kind.isKnown { layout.deviations.insert(.unknownKey) }

            // Value.
            let valueStart = position
            var number = DecimalValue.none
            var isText = false
            if position + 1 < end,
               base.load(fromByteOffset: position, as: UInt8.self) == Bytes.slash,
               base.load(fromByteOffset: position + 1, as: UInt8.self) == Bytes.slash {
                isText = true
                position = SegmentParser.textEnd(base, from: position + 2, end: end)
                if position < 0 {
                    layout.deviations.insert(.unclosedText)
                    position = end
                    if !Bytes.isValidUTF8(base, valueStart + 2, end) { layout.deviations.insert(.nonUTF8Text) }
                } else if !Bytes.isValidUTF8(base, valueStart + 2, position - 2) {
                    layout.deviations.insert(.nonUTF8Text)
                }
            } else if kind.isNumeric {
                // Find the end first (the loop's critical path), convert off that path.
                position = SegmentParser.scanValue(base, from: position, end: end, limit: frameLength)
                guard let value = NumberScanner.parse(base, from: valueStart, to: position, limit: frameLength) else {
                    return ParseFailure(reason: .badNumber,
                                        detail: "“\(Bytes.text(base, keyStart, keyEnd))”的值“\(Bytes.text(base, valueStart, position))”不是数字")
                }
                number = value
            } else {
                position = SegmentParser.scanValue(base, from: position, end: end, limit: frameLength)
                if kind.isTime {
                    let raw = UnsafeRawBufferPointer(start: base + valueStart, count: position - valueStart)
                    guard let time = HJ212DateTime.parse(raw) else {
                        return ParseFailure(reason: .badDataTime,
                                            detail: "“\(Bytes.text(base, keyStart, keyEnd))”的值“\(Bytes.text(base, valueStart, position))”不是有效时间")
                    }
                    if raw.count == 17 { layout.deviations.insert(.dataTime17Digits) }
                    if kind == .dataTime && layout.dataTime == nil { layout.dataTime = time }
                }
            }
            buffer.append(ItemSlot(keyStart: UInt16(truncatingIfNeeded: keyStart), codeEnd: UInt16(truncatingIfNeeded: codeEnd),
                                  keyEnd: UInt16(truncatingIfNeeded: keyEnd), valueStart: UInt16(truncatingIfNeeded: valueStart),
                                  valueEnd: UInt16(truncatingIfNeeded: position), group: group, kind: kind,
                                  isText: isText, number: number))

            if position &- crc.offset >= 64 { crc.advance(base, to: position) }

            // Separator after the value.
            if position < end {
                let separator = base.load(fromByteOffset: position, as: UInt8.self)
                if separator == Bytes.semicolon { group &+= 1 }
                position += 1
                if position == end { layout.deviations.insert(.trailingSeparator) }
            }
        }

        if let dataTime = layout.dataTime, let qnTime = layout.qnTime,
           dataTime.isMoreThan(86_400, before: qnTime) {
            layout.deviations.insert(.backfilledData)
        }
        return nil
    }

    /// Scans a key from `from`: returns the index of the first `=`, `;` or `,` (or `end`) and the
    /// index of the last `-` before it (-1 if none). Eight bytes at a time while `limit` allows.
    @inline(__always)
    private static func scanKey(_ base: UnsafeRawPointer, from: Int, end: Int, limit: Int) -> (stop: Int, dash: Int) {
        var position = from
        var dash = -1
        while position &+ 8 <= limit {
            let word = SWAR.load(base, position)
            let stops = SWAR.matches(word, Bytes.equals) | SWAR.matches(word, Bytes.semicolon) | SWAR.matches(word, Bytes.comma)
            var dashes = SWAR.matches(word, Bytes.dash)
            if stops != 0 {
                dashes &= (stops & (0 &- stops)) &- 1
                if dashes != 0 { dash = position &+ SWAR.lastIndex(dashes) }
                return (min(position &+ SWAR.firstIndex(stops), end), dash)
            }
            if dashes != 0 { dash = position &+ SWAR.lastIndex(dashes) }
            position &+= 8
            if position >= end { return (end, dash) }
        }
        while position < end {
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            if byte == Bytes.equals || byte == Bytes.semicolon || byte == Bytes.comma { break }
            if byte == Bytes.dash { dash = position }
            position &+= 1
        }
        return (position, dash)
    }

    /// Index of the first `first` or `second` byte from `from`, or `end`.
    @inline(__always)
    private static func find(_ base: UnsafeRawPointer, from: Int, end: Int, limit: Int, _ first: UInt8, or second: UInt8) -> Int {
        var position = from
        while position &+ 8 <= limit {
            let word = SWAR.load(base, position)
            let stops = SWAR.matches(word, first) | SWAR.matches(word, second)
            if stops != 0 { return min(position &+ SWAR.firstIndex(stops), end) }
            position &+= 8
            if position >= end { return end }
        }
        while position < end {
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            if byte == first || byte == second { break }
            position &+= 1
        }
        return position
    }

    /// Index of the first `;` or `,` (and `=` if `stopAtEquals`) from `from`, or `end`.
    @inline(__always)
    private static func scanValue(_ base: UnsafeRawPointer, from: Int, end: Int, limit: Int, stopAtEquals: Bool = false) -> Int {
        var position = from
        while position &+ 8 <= limit {
            let word = SWAR.load(base, position)
            var stops = SWAR.matches(word, Bytes.semicolon) | SWAR.matches(word, Bytes.comma)
            if stopAtEquals { stops |= SWAR.matches(word, Bytes.equals) }
            if stops != 0 { return min(position &+ SWAR.firstIndex(stops), end) }
            position &+= 8
            if position >= end { return end }
        }
        while position < end {
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            if byte == Bytes.semicolon || byte == Bytes.comma || (stopAtEquals && byte == Bytes.equals) { break }
            position &+= 1
        }
        return position
    }

    /// End (exclusive, after the closing `//`) of `//…//` text whose content starts at `from`, or -1.
    /// The closing `//` is the first one followed by a separator or the end of the data area, so
    /// text may itself contain `//`, `;` and `=`.
    private static func textEnd(_ base: UnsafeRawPointer, from: Int, end: Int) -> Int {
        var index = from
        while index + 1 < end {
            if base.load(fromByteOffset: index, as: UInt8.self) == Bytes.slash,
               base.load(fromByteOffset: index + 1, as: UInt8.self) == Bytes.slash {
                let after = index + 2
                if after == end { return after }
                let next = base.load(fromByteOffset: after, as: UInt8.self)
                if next == Bytes.semicolon || next == Bytes.comma { return after }
            }
            index += 1
        }
        return -1
    }

    /// 2017 codes are a lowercase letter and five digits (`a21026`, `i12001`); 2005 codes two or three
    /// digits or capitals (`01`, `B02`, `011`); facilities are `SB` and a number.
    private static func hasStandardCodeShape(_ base: UnsafeRawPointer, _ start: Int, _ end: Int) -> Bool {
        let count = end - start
        if count == 6 {
            let first = base.load(fromByteOffset: start, as: UInt8.self)
            guard first >= 0x61, first <= 0x7A else { return false }
            for index in start + 1..<end where !Bytes.isDigit(base.load(fromByteOffset: index, as: UInt8.self)) {
                return false
            }
            return true
        }
        if count == 2 || count == 3 {
            for index in start..<end {
                let byte = base.load(fromByteOffset: index, as: UInt8.self)
                guard Bytes.isDigit(byte) || (byte >= 0x41 && byte <= 0x5A) else { return false }
            }
            return true
        }
        if count >= 3,
           base.load(fromByteOffset: start, as: UInt8.self) == 0x53,
           base.load(fromByteOffset: start + 1, as: UInt8.self) == 0x42 {
            for index in start + 2..<end where !Bytes.isDigit(base.load(fromByteOffset: index, as: UInt8.self)) {
                return false
            }
            return true
        }
        return false
    }

    /// A non-empty run of decimal digits as a number (at most 9 digits), or nil.
    private func decimal(_ base: UnsafeRawPointer, _ span: Span) -> Int? {
        guard span.count > 0 else { return nil }
        if span.count > 9 {
            for index in span.range where !Bytes.isDigit(base.load(fromByteOffset: index, as: UInt8.self)) { return nil }
            return Int.max
        }
        var value = 0
        for index in span.range {
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            guard Bytes.isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }
}
