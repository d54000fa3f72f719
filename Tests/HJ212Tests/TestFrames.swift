import HJ212

/// The project's own test vectors: frames built here from a data segment, with the knobs real
/// devices turn (CRC case and variant, terminator, a wrong length field).
enum TestFrames {
    enum CRCStyle {
        case upper
        case lower
        /// CRC-16/MODBUS printed low byte first.
        case modbusSwapped
        case fixed(String)
    }

    static func frame(_ segment: String, crc: CRCStyle = .upper, terminator: String = "\r\n", declaredLength: Int? = nil) -> [UInt8] {
        frame(bytes: Array(segment.utf8), crc: crc, terminator: terminator, declaredLength: declaredLength)
    }

    static func frame(bytes segment: [UInt8], crc: CRCStyle = .upper, terminator: String = "\r\n", declaredLength: Int? = nil) -> [UInt8] {
        let length = declaredLength ?? segment.count
        let digits = String(length)
        var out = Array("##".utf8) + Array((String(repeating: "0", count: max(0, 4 - digits.count)) + digits).utf8)
        out += segment
        let text: String
        switch crc {
        case .upper: text = hex(HJ212CRC.checksum(segment))
        case .lower: text = hex(HJ212CRC.checksum(segment)).lowercased()
        case .modbusSwapped: text = hex(HJ212CRC.swapped(HJ212CRC.modbusChecksum(segment)))
        case .fixed(let value): text = value
        }
        out += Array(text.utf8) + Array(terminator.utf8)
        return out
    }

    static func hex(_ value: UInt16) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(value >> 12)], digits[Int(value >> 8 & 0xF)], digits[Int(value >> 4 & 0xF)], digits[Int(value & 0xF)]])
    }

    /// A 2017 real-time flue-gas upload asking for an acknowledgement.
    static let flueGasSegment = "QN=20240123131502123;ST=31;CN=2011;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&DataTime=20240123131500;a21026-Rtd=35.412,a21026-ZsRtd=41.037,a21026-Flag=N;a21002-Rtd=48.903,a21002-ZsRtd=56.671,a21002-Flag=N;a34013-Rtd=4.127,a34013-ZsRtd=4.782,a34013-Flag=N;a01013-Rtd=-0.163,a01013-Flag=N&&"
    static var flueGas: [UInt8] { frame(flueGasSegment) }

    /// A 2005 water upload: no QN, no Flag, 2005 factor codes.
    static let water2005Segment = "ST=32;CN=2011;PW=123456;MN=88888880000001;CP=&&DataTime=20240123131500;B01-Rtd=12.5;011-Rtd=31.2,011-Flag=N;060-Rtd=0.466,060-Flag=N&&"
    static var water2005: [UInt8] { frame(water2005Segment) }

    /// A 3020 site-information upload with a PolId group, a state code and a log text.
    static let siteInfoSegment = "QN=20240123131502123;ST=32;CN=3020;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&DataTime=20240123131000;PolId=w01018;i12001-Info=1;i12003-Info=0;i11001-Info=//清洗管路; a=b,c//&&"
    static var siteInfo: [UInt8] { frame(siteInfoSegment) }

    /// The standard's golden example (Appendix A): CRC 1C80.
    static let goldenSegment = "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&"

    /// Decodes `bytes` completely, in `options`.
    static func events(_ bytes: [UInt8], _ options: DecodeOptions = .strict) -> [FrameEvent] {
        FrameDecoder.decodeAll(bytes, options: options)
    }

    /// The single packet `bytes` decode to, or nil.
    static func packet(_ bytes: [UInt8], _ options: DecodeOptions = .strict) -> Packet? {
        let decoded = events(bytes, options)
        guard decoded.count == 1, case .packet(let packet) = decoded[0] else { return nil }
        return packet
    }

    /// The rejections of `bytes`.
    static func rejections(_ bytes: [UInt8], _ options: DecodeOptions = .strict) -> [Rejection] {
        events(bytes, options).compactMap { if case .rejected(let rejection) = $0 { rejection } else { nil } }
    }

    static func packets(_ events: [FrameEvent]) -> [Packet] {
        events.compactMap { if case .packet(let packet) = $0 { packet } else { nil } }
    }
}
