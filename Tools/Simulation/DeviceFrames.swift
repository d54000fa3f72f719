public import Foundation
import HJ212

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

    /// An hourly-data upload (CN=2061, ST=31 flue gas, HJ 212-2017, acknowledgement wanted: Flag=5).
    public static func hourly(mn: String, password: String, hourStart: Date, readings: [Reading], qnTime: Date = Date()) throws -> [UInt8] {
        guard let dataTime = HJ212DateTime(unixSeconds: Int64(hourStart.timeIntervalSince1970)),
              let qn = HJ212DateTime(unixSeconds: Int64(qnTime.timeIntervalSince1970), millisecond: Int(qnTime.timeIntervalSince1970 * 1000) % 1000)
        else { throw SimulationError("time out of range") }
        var body = "DataTime=\(dataTime.digits)"
        for reading in readings {
            var items = ["\(reading.factor)-Avg=\(format(reading.avg))"]
            if let min = reading.min { items.append("\(reading.factor)-Min=\(format(min))") }
            if let max = reading.max { items.append("\(reading.factor)-Max=\(format(max))") }
            if let zsAvg = reading.zsAvg { items.append("\(reading.factor)-ZsAvg=\(format(zsAvg))") }
            items.append("\(reading.factor)-Flag=\(reading.flag)")
            body += ";" + items.joined(separator: ",")
        }
        let header = PacketHeader(qn: qn.qnDigits, st: "31", cn: "2061", pw: password, mn: mn, flag: 5)
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
