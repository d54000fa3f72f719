public import Foundation
public import HJ212

/// Frames a simulated data acquisition device sends. Times are China Standard Time on the wire.
public enum DeviceFrames {
    public struct Reading: Sendable {
        public var factor: String
        public var avg: Double
        public var min: Double?
        public var max: Double?
        public var zsAvg: Double?
        public var flag: String

        public init(factor: String, avg: Double, min: Double? = nil, max: Double? = nil, zsAvg: Double? = nil, flag: String = "N") {
            self.factor = factor
            self.avg = avg
            self.min = min
            self.max = max
            self.zsAvg = zsAvg
            self.flag = flag
        }
    }

    /// An hourly-data upload (CN=2061, ST=31 flue gas, acknowledgement wanted) in the framing of
    /// `version`: HJ 212-2017 (Flag=5, the default), HJ 212-2025 (Flag=9, provisional) or HJ/T
    /// 212-2005 (Flag=1, 2005 factor codes such as `02` for SO2).
    public static func hourly(mn: String, password: String, hourStart: Date, readings: [Reading], qnTime: Date = Date(),
                              version: ProtocolVersion = .v2017) throws -> [UInt8] {
        guard let dataTime = HJ212DateTime(unixSeconds: Int64(hourStart.timeIntervalSince1970)),
              let qn = HJ212DateTime(unixSeconds: Int64(qnTime.timeIntervalSince1970), millisecond: Int(qnTime.timeIntervalSince1970 * 1000) % 1000)
        else { throw SimulationError("time out of range") }
        var body = "DataTime=\(dataTime.digits)"
        for reading in readings {
            let code = version == .v2005 ? (CodeTables.standard.factor(reading.factor)?.code2005 ?? reading.factor) : reading.factor
            var items = ["\(code)-Avg=\(format(reading.avg))"]
            if let min = reading.min { items.append("\(code)-Min=\(format(min))") }
            if let max = reading.max { items.append("\(code)-Max=\(format(max))") }
            if let zsAvg = reading.zsAvg { items.append("\(code)-ZsAvg=\(format(zsAvg))") }
            items.append("\(code)-Flag=\(reading.flag)")
            body += ";" + items.joined(separator: ",")
        }
        let header = PacketHeader(qn: qn.qnDigits, st: "31", cn: "2061", pw: password, mn: mn,
                                  flag: PacketHeader.flag(version: version, wantsAck: true))
        return try PacketEncoder.encode(header, cp: body)
    }

    /// The same frame with its CRC digits replaced by a wrong value (for rejection tests).
    public static func corruptingCRC(_ frame: [UInt8]) -> [UInt8] {
        var copy = frame
        let crcStart = copy.count - 6  // 4 hex digits before CRLF
        let original = String(decoding: copy[crcStart..<crcStart + 4], as: UTF8.self)
        let wrong = original == "0000" ? "FFFF" : "0000"
        copy.replaceSubrange(crcStart..<crcStart + 4, with: Array(wrong.utf8))
        return copy
    }

    /// Ways a real device deviates from the standard (hj212.md, "Deviations seen in real traffic").
    public enum Misbehaviour: String, CaseIterable, Sendable {
        /// CRC printed in lowercase hex: accepted in every mode.
        case lowercaseCRC = "lowercase-crc"
        /// LF instead of CRLF: accepted in every mode.
        case lfOnly = "lf-only"
        /// No terminator at all: accepted once the device falls silent.
        case noTerminator = "no-terminator"
        /// Modbus CRC printed low byte first: lenient devices only.
        case modbusCRC = "modbus-crc"
        /// Declared length one more than the data segment: lenient devices only.
        case lengthMismatch = "length-mismatch"
        /// A CRC that matches nothing: always rejected, never answered.
        case badCRC = "bad-crc"
    }

    /// The frame as a misbehaving device would send it.
    public static func misbehaving(_ frame: [UInt8], _ misbehaviour: Misbehaviour) -> [UInt8] {
        let crcStart = frame.count - 6
        let segment = Array(frame[6..<crcStart])
        switch misbehaviour {
        case .lowercaseCRC:
            return Array(frame[..<crcStart]) + Array(String(decoding: frame[crcStart..<crcStart + 4], as: UTF8.self).lowercased().utf8) + [0x0D, 0x0A]
        case .lfOnly:
            return Array(frame.dropLast(2)) + [0x0A]
        case .noTerminator:
            return Array(frame.dropLast(2))
        case .modbusCRC:
            let crc = HJ212CRC.modbusChecksum(segment)
            let swapped = (crc & 0xFF) << 8 | crc >> 8
            return Array(frame[..<crcStart]) + Array(hex4(swapped).utf8) + [0x0D, 0x0A]
        case .lengthMismatch:
            let declared = String(segment.count + 1)
            return Array("##".utf8) + Array((String(repeating: "0", count: 4 - declared.count) + declared).utf8) + Array(frame[6...])
        case .badCRC:
            return corruptingCRC(frame)
        }
    }

    static func hex4(_ value: UInt16) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - text.count) + text
    }

    /// The start of the last full hour before `now`.
    public static func lastFullHour(before now: Date = Date()) -> Date {
        let seconds = floor(now.timeIntervalSince1970 / 3600) * 3600 - 3600
        return Date(timeIntervalSince1970: seconds)
    }

    static func format(_ value: Double) -> String {
        String(format: "%.3f", value)
    }

    /// The thin path's flue-gas hour: SO2 far above any coal-boiler limit at 6 % O2.
    public static func thinPathReadings(so2: Double = 450) -> [Reading] {
        [
            Reading(factor: "a21026", avg: so2, min: so2 - 20, max: so2 + 20),
            Reading(factor: "a21002", avg: 28, min: 20, max: 35),
            Reading(factor: "a34013", avg: 3.2, min: 2.5, max: 4.0),
            Reading(factor: "a19001", avg: 6.0, min: 5.6, max: 6.4),
            Reading(factor: "a00000", avg: 310, min: 295, max: 322),
        ]
    }
}

public struct SimulationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
