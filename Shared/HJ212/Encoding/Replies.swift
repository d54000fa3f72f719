/// Replies to decoded packets, in the shape of the packet's protocol generation: 2017/2025 echo
/// QN, PW and MN in the header with ST=91 and the version bits in Flag (A=0); 2005 has no QN in
/// the header and carries the request's QN (and CN) inside CP.
public enum Replies {
    /// 9014 data reply to an upload (owed when `packet.wantsAck`).
    public static func dataReply(to packet: Packet) -> [UInt8] {
        if packet.version == .v2005 {
            var items = qnItem(packet)
            items.append(("CN", ArraySlice(packet.cn.utf8)))
            if let pno = packet.pno, let pnum = packet.pnum {
                items.append(("PNO", ArraySlice(String(pno).utf8)))
                items.append(("PNUM", ArraySlice(String(pnum).utf8)))
            }
            return reply2005(cn: "9014", to: packet, items: items)
        }
        return reply(cn: "9014", to: packet, items: [])
    }

    /// 9013 notify reply (to a 1013 time-calibration request, a 2025 heartbeat 9015, a 2005 alarm
    /// event 2072).
    public static func notifyReply(to packet: Packet) -> [UInt8] {
        if packet.version == .v2005 {
            return reply2005(cn: "9013", to: packet, items: qnItem(packet))
        }
        return reply(cn: "9013", to: packet, items: [])
    }

    /// 9011: the device's answer to a platform request, before it executes it.
    public static func requestReply(to request: Packet, result: QnRtn) -> [UInt8] {
        let item = ("QnRtn", ArraySlice(String(result.rawValue).utf8))
        if request.version == .v2005 {
            return reply2005(cn: "9011", to: request, items: qnItem(request) + [item])
        }
        return reply(cn: "9011", to: request, items: [item])
    }

    /// 9012: the device's execution result of a platform request.
    public static func executionResult(to request: Packet, result: ExeRtn) -> [UInt8] {
        let item = ("ExeRtn", ArraySlice(String(result.rawValue).utf8))
        if request.version == .v2005 {
            return reply2005(cn: "9012", to: request, items: qnItem(request) + [item])
        }
        return reply(cn: "9012", to: request, items: [item])
    }

    /// The reply a packet is owed by the platform, if any: 9014 for an upload with the A bit set,
    /// 9013 for a notification (1013, 9015, 2072), nil otherwise (replies, requests, A=0 uploads).
    /// Never call it for a frame whose CRC failed: such frames are not decoded.
    public static func acknowledgement(for packet: Packet) -> [UInt8]? {
        switch packet.command {
        case 1013, 9015, 2072:
            return notifyReply(to: packet)
        case 9011...9014:
            return nil
        default:
            guard packet.wantsAck else { return nil }
            if let kind = packet.commandInfo?.kind, kind == .request { return nil }
            return dataReply(to: packet)
        }
    }

    private static func qnItem(_ packet: Packet) -> [(String, ArraySlice<UInt8>)] {
        packet.bytes(packet.layout.qn).map { [("QN", $0)] } ?? []
    }

    // QN, PW and MN are echoed as the bytes received (the String views are lossy for non-UTF-8).
    private static func reply(cn: String, to packet: Packet, items: [(String, ArraySlice<UInt8>)]) -> [UInt8] {
        let layout = packet.layout
        var builder = SegmentBuilder()
        builder.field("QN", bytes: packet.bytes(layout.qn))
        builder.field("ST", "91")
        builder.field("CN", cn)
        builder.field("PW", bytes: packet.bytes(layout.pw))
        builder.field("MN", bytes: layout.mn.count > 0 ? packet.bytes(layout.mn) : nil)
        let bits = packet.version.versionBits
        builder.field("Flag", String((bits == 1 || bits == 2 ? bits : 1) << 2))
        builder.dataArea(byteItems: items)
        return builder.frame
    }

    private static func reply2005(cn: String, to packet: Packet, items: [(String, ArraySlice<UInt8>)]) -> [UInt8] {
        let layout = packet.layout
        var builder = SegmentBuilder()
        builder.field("ST", "91")
        builder.field("CN", cn)
        builder.field("PW", bytes: packet.bytes(layout.pw))
        builder.field("MN", bytes: layout.mn.count > 0 ? packet.bytes(layout.mn) : nil)
        builder.dataArea(byteItems: items)
        return builder.frame
    }
}
