/// Builds frames: `##`, the 4-digit length, the data segment, the HJ 212 CRC in uppercase hex, and
/// always CRLF.
public enum PacketEncoder {
    /// Frames an already built data segment.
    public static func frame(segment: [UInt8]) throws(HJ212EncodingError) -> [UInt8] {
        guard segment.count <= 9999 else {
            throw HJ212EncodingError(.segmentTooLong, "数据段 \(segment.count) 字节，长度字段最多表示 9999")
        }
        return frameUnchecked(segment: segment)
    }

    /// Encodes a header and a data-area body (the text between `CP=&&` and `&&`).
    public static func encode(_ header: PacketHeader, cp body: String) throws(HJ212EncodingError) -> [UInt8] {
        try frame(segment: segment(header, cp: Array(body.utf8)))
    }

    /// Encodes a header and a data area given as groups of items: items of one group are joined by
    /// `,`, groups by `;` (so `[[a-Rtd, a-Flag], [b-Rtd]]` gives `a-Rtd=…,a-Flag=…;b-Rtd=…`).
    public static func encode(_ header: PacketHeader, groups: [[DataItem]]) throws(HJ212EncodingError) -> [UInt8] {
        for item in groups.joined() {
            if item.key.utf8.contains(where: { $0 == 0x3D || $0 == 0x3B || $0 == 0x2C }) {
                throw HJ212EncodingError(.reservedCharacter, "数据项名“\(item.key)”含有“=”“;”或“,”")
            }
        }
        return try encode(header, cp: body(groups))
    }

    /// The data-area body of `groups` (see `encode(_:groups:)`).
    public static func body(_ groups: [[DataItem]]) -> String {
        groups.map { group in group.map { $0.key + "=" + String(decoding: $0.valueBytes, as: UTF8.self) }.joined(separator: ",") }
            .joined(separator: ";")
    }

    /// The data segment `QN=…;ST=…;…;CP=&&<body>&&`.
    public static func segment(_ header: PacketHeader, cp body: [UInt8]) throws(HJ212EncodingError) -> [UInt8] {
        let fields: [(String, String?)] = [
            ("QN", header.qn), ("ST", header.st), ("CN", header.cn), ("PW", header.pw), ("MN", header.mn),
            ("Flag", header.flag.map(String.init)), ("PNUM", header.pnum.map(String.init)), ("PNO", header.pno.map(String.init)),
        ]
        guard header.cn.utf8.count == 4, header.cn.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw HJ212EncodingError(.invalidValue, "CN“\(header.cn)”不是 4 位数字")
        }
        if let flag = header.flag, !(0...255).contains(flag) {
            throw HJ212EncodingError(.invalidValue, "Flag \(flag) 不在 0–255")
        }
        if (header.pnum == nil) != (header.pno == nil) {
            throw HJ212EncodingError(.invalidValue, "PNUM 与 PNO 必须同时给出")
        }
        if let pnum = header.pnum, let pno = header.pno, !(pnum >= 1 && pno >= 1 && pno <= pnum && pnum <= 9999) {
            throw HJ212EncodingError(.invalidValue, "PNO \(pno) / PNUM \(pnum) 无效")
        }
        var segment: [UInt8] = []
        segment.reserveCapacity(body.count + 96)
        for (key, value) in fields {
            guard let value else { continue }
            if value.utf8.contains(0x3B) {
                throw HJ212EncodingError(.reservedCharacter, "\(key) 的值“\(value)”含有“;”")
            }
            segment.append(contentsOf: key.utf8)
            segment.append(0x3D)
            segment.append(contentsOf: value.utf8)
            segment.append(0x3B)
        }
        segment.append(contentsOf: "CP=&&".utf8)
        segment.append(contentsOf: body)
        segment.append(contentsOf: "&&".utf8)
        return segment
    }

    /// Frames a segment the caller knows to be at most 9999 bytes.
    static func frameUnchecked(segment: [UInt8]) -> [UInt8] {
        var frame: [UInt8] = []
        frame.reserveCapacity(segment.count + 12)
        frame.append(contentsOf: "##".utf8)
        let length = segment.count
        for divisor in [1000, 100, 10, 1] { frame.append(UInt8(0x30 + length / divisor % 10)) }
        frame.append(contentsOf: segment)
        let crc = HJ212CRC.checksum(segment)
        let hex = Array("0123456789ABCDEF".utf8)
        for shift in [12, 8, 4, 0] { frame.append(hex[Int(crc >> UInt16(shift) & 0xF)]) }
        frame.append(0x0D)
        frame.append(0x0A)
        return frame
    }
}
