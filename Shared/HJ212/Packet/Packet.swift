/// A decoded HJ 212 packet. It keeps the frame exactly as received (`raw`) and where each field
/// sits in it; header fields are made into strings when read and the data area when `cp` is read,
/// so decoding itself allocates only the frame copy and one small block.
///
/// `@unchecked Sendable`: its only stored property is a `PacketStorage` (a `ManagedBuffer`, which
/// the standard library marks non-Sendable) that is never mutated after `PacketStorage.make`.
public struct Packet: @unchecked Sendable, Equatable {
    let storage: PacketStorage

    init(raw: [UInt8], layout: PacketLayout, slots: UnsafeBufferPointer<ItemSlot>, tables: CodeTables) {
        storage = PacketStorage.make(raw: raw, layout: layout, tables: tables, slots: slots)
    }

    /// The whole frame as received: `##`, length, data segment, CRC and terminator.
    public var raw: [UInt8] { storage.header.raw }
    /// The code tables the packet was decoded with.
    public var tables: CodeTables { storage.header.tables }
    var layout: PacketLayout { storage.header.layout }

    /// Request id; nil when absent (2005 uploads).
    public var qn: String? { string(layout.qn) }
    /// System code.
    public var st: String { string(layout.st) ?? "" }
    /// Command code, four digits.
    public var cn: String { string(layout.cn) ?? "" }
    /// Command code as a number.
    public var command: Int { layout.cnValue }
    /// Access password; nil when absent.
    public var pw: String? { string(layout.pw) }
    /// Device id (empty only on a 2005-shaped system reply, recorded as `missing_mn`).
    public var mn: String { string(layout.mn) ?? "" }
    /// Flag; nil when absent.
    public var flag: Int? { layout.flagValue >= 0 ? layout.flagValue : nil }
    /// Protocol generation from the version bits (no Flag reads as 2005).
    public var version: ProtocolVersion { ProtocolVersion(versionBits: max(layout.flagValue, 0) >> 2) }
    /// The A bit: the sender wants a reply.
    public var wantsAck: Bool { layout.flagValue >= 0 && layout.flagValue & 1 != 0 }
    /// The D bit: the sender says the message is split (PNUM/PNO).
    public var hasPacketSplit: Bool { layout.flagValue >= 0 && layout.flagValue & 2 != 0 }
    /// Total parts of a split message.
    public var pnum: Int? { layout.pnumValue >= 0 ? layout.pnumValue : nil }
    /// Part number, from 1.
    public var pno: Int? { layout.pnoValue >= 0 ? layout.pnoValue : nil }
    /// `DataTime` of the data area, without materialising it.
    public var dataTime: HJ212DateTime? { layout.dataTime }
    /// The QN read as a time, when it is `YYYYMMDDhhmmsszzz`.
    public var qnTime: HJ212DateTime? { layout.qnTime }
    /// The data area, materialised on each read: keep the value if you use it more than once.
    public var cp: DataArea {
        let contents = storage.header
        return storage.withSlots { DataArea(raw: contents.raw, slots: $0, dataTime: contents.layout.dataTime, tables: contents.tables) }
    }
    /// Number of items in the data area.
    public var itemCount: Int { storage.header.slotCount }
    /// Accepted deviations, in the order of `Deviation.allCases`.
    public var deviations: [Deviation] { layout.deviations.list }
    public func has(_ deviation: Deviation) -> Bool { layout.deviations.contains(deviation) }
    /// The length the frame declared (differs from `segment.count` only with `length_mismatch`).
    public var declaredLength: Int { layout.declaredLength }
    /// The data segment: the bytes the CRC covers.
    public var segment: ArraySlice<UInt8> { raw[6..<layout.segmentEnd] }
    public var crcVariant: CRCVariant { layout.crcVariant }
    public var terminator: Terminator { layout.terminator }
    /// The command's table entry, if the tables list it.
    public var commandInfo: CommandInfo? { tables.command(layout.cnValue) }

    /// The bytes of a header field as received (replies echo QN, PW and MN byte for byte, even when
    /// they are not valid UTF-8 and the `String` views show U+FFFD).
    func bytes(_ span: Span) -> ArraySlice<UInt8>? {
        span.isPresent ? storage.header.raw[span.range] : nil
    }

    private func string(_ span: Span) -> String? {
        guard span.isPresent else { return nil }
        return storage.header.raw.withUnsafeBytes { bytes in
            String(decoding: UnsafeRawBufferPointer(rebasing: bytes[span.range]), as: UTF8.self)
        }
    }

    /// Two packets are equal when they came from the same bytes and were judged the same way.
    public static func == (lhs: Packet, rhs: Packet) -> Bool {
        if lhs.storage === rhs.storage { return true }
        let left = lhs.storage.header, right = rhs.storage.header
        return left.raw == right.raw && left.layout.deviations == right.layout.deviations
            && left.layout.crcVariant == right.layout.crcVariant && left.layout.segmentEnd == right.layout.segmentEnd
    }
}
