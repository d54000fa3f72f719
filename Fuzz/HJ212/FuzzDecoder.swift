// libFuzzer target for the HJ 212 decoder, compiled together with the sources of Shared/HJ212 into
// one module (so it can check internal invariants too). Run it with scripts/fuzz-hj212.sh.
//
// A crash is any trap (bounds, overflow, precondition) or a broken invariant below:
// - the events do not depend on how the input is chunked (whole, byte by byte, odd chunks);
// - every accepted packet's CRC field matches its segment in the variant it claims;
// - a packet's data area, header fields and deviations can all be read;
// - every reply to an accepted packet decodes again as a packet;
// - the decoder never holds more than the largest frame plus one read of input.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHJ212(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    for options in [DecodeOptions.strict, DecodeOptions.lenient, DecodeOptions(mode: .lenient, maxFrameBytes: 300)] {
        let whole = decode([input], options)
        // Byte by byte is the slowest way to feed; long inputs get the odd chunks only.
        let bytewise = input.count <= 2048 ? decode(input.map { [$0] }, options) : whole
        var chunks: [[UInt8]] = []
        var index = 0
        var width = 1
        while index < input.count {
            chunks.append(Array(input[index..<min(index + width, input.count)]))
            index += width
            width = width % 13 + 2
        }
        let chunked = decode(chunks, options)
        precondition(whole == bytewise, "events depend on chunking (byte by byte)")
        precondition(whole == chunked, "events depend on chunking (odd chunks)")
        for event in whole {
            switch event {
            case .packet(let packet):
                check(packet)
            case .rejected(let rejection):
                precondition(!rejection.detail.isEmpty && rejection.byteCount >= rejection.raw.count)
            }
        }
    }
    return 0
}

private func decode(_ chunks: [[UInt8]], _ options: DecodeOptions) -> [FrameEvent] {
    var decoder = FrameDecoder(options: options)
    var events: [FrameEvent] = []
    for chunk in chunks {
        decoder.append(contentsOf: chunk)
        while let event = decoder.next() { events.append(event) }
        precondition(decoder.bufferedByteCount <= options.maxFrameBytes + chunk.count + 8, "decoder holds too much")
    }
    decoder.finish()
    while let event = decoder.next() { events.append(event) }
    return events
}

private func check(_ packet: Packet) {
    let raw = packet.raw
    let segment = Array(packet.segment)
    let crcStart = 6 + segment.count
    precondition(raw.count >= crcStart + 4)
    let field = UInt16(String(decoding: raw[crcStart..<crcStart + 4], as: UTF8.self), radix: 16)
    switch packet.crcVariant {
    case .hj212:
        precondition(field == HJ212CRC.checksum(segment) && field == HJ212CRC.referenceChecksum(segment), "CRC not verified")
    case .modbusSwapped:
        precondition(field == HJ212CRC.swapped(HJ212CRC.modbusChecksum(segment)), "Modbus CRC not verified")
        precondition(packet.has(.modbusCRC))
    }
    let cp = packet.cp
    precondition(cp.items.count == packet.itemCount)
    for factor in cp.factors {
        for value in [factor.rtd, factor.min, factor.avg, factor.max, factor.cou, factor.zsRtd] {
            if let value { precondition(value.isFinite) }
        }
    }
    _ = (packet.qn, packet.st, packet.cn, packet.pw, packet.mn, packet.flag, packet.version, packet.pnum, packet.pno,
         packet.dataTime?.unixSeconds, packet.deviations, packet.commandInfo)
    for reply in [Replies.dataReply(to: packet), Replies.notifyReply(to: packet),
                  Replies.requestReply(to: packet, result: .ready), Replies.executionResult(to: packet, result: .success)] {
        let events = FrameDecoder.decodeAll(reply, options: .strict)
        guard events.count == 1, case .packet(let decoded) = events[0] else {
            preconditionFailure("a reply does not decode: \(String(decoding: reply, as: UTF8.self))")
        }
        precondition(decoded.mn == packet.mn && decoded.pw == packet.pw && decoded.st == "91", "a reply does not echo MN/PW")
        precondition(decoded.qn == packet.qn || decoded.cp.qn == packet.qn, "a reply does not echo QN")
    }
}
