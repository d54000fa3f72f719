public import Foundation
import HJ212

extension DeviceFrames {
    /// A minute-data upload (CN=2051, ST=31 flue gas, acknowledgement wanted), HJ 212-2017
    /// framing: the period starting at `minuteStart` with the same readings as an hourly upload.
    public static func minute(mn: String, password: String, minuteStart: Date, readings: [Reading], qnTime: Date = Date()) throws -> [UInt8] {
        guard let dataTime = HJ212DateTime(unixSeconds: Int64(minuteStart.timeIntervalSince1970)),
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
        let header = PacketHeader(qn: qn.qnDigits, st: "31", cn: "2051", pw: password, mn: mn,
                                  flag: PacketHeader.flag(version: .v2017, wantsAck: true))
        return try PacketEncoder.encode(header, cp: body)
    }

    /// The minute uploads of one whole hour, one per minute, each with `readings(minute)`.
    public static func minutesOfHour(mn: String, password: String, hourStart: Date, readings: (Int) -> [Reading]) throws -> [[UInt8]] {
        try (0..<60).map { minute in
            try Self.minute(mn: mn, password: password, minuteStart: hourStart.addingTimeInterval(TimeInterval(minute * 60)),
                            readings: readings(minute))
        }
    }
}
