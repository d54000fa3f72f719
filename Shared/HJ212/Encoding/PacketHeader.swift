/// The header fields of a packet to encode, emitted in the standard's order
/// (QN, ST, CN, PW, MN, Flag, PNUM, PNO); nil fields are left out.
public struct PacketHeader: Sendable, Hashable {
    public var qn: String?
    public var st: String
    public var cn: String
    public var pw: String?
    public var mn: String?
    public var flag: Int?
    public var pnum: Int?
    public var pno: Int?

    public init(qn: String? = nil, st: String, cn: String, pw: String? = nil, mn: String? = nil,
                flag: Int? = nil, pnum: Int? = nil, pno: Int? = nil) {
        self.qn = qn
        self.st = st
        self.cn = cn
        self.pw = pw
        self.mn = mn
        self.flag = flag
        self.pnum = pnum
        self.pno = pno
    }

    /// Flag for `version` with the A (acknowledge) and D (split) bits.
    public static func flag(version: ProtocolVersion, wantsAck: Bool, split: Bool = false) -> Int {
        version.versionBits << 2 | (split ? 2 : 0) | (wantsAck ? 1 : 0)
    }
}
