public import Foundation
import HJ212

extension DeviceFrames {
    /// A data upload of any system and level (HJ 212-2017, acknowledgement wanted): `st` 31 flue
    /// gas or 32 surface water / wastewater, `cn` 2051 minute, 2061 hour or 2031 day data. Only
    /// the readings' `Avg` (and `Min`/`Max`/`ZsAvg` when given) and `Flag` are written, so process
    /// parameters (`e10101`, `e20101`…) travel as Ingest expects them in a data upload.
    public static func upload(mn: String, password: String, st: String, cn: String, dataTime: Date, readings: [Reading],
                              qnTime: Date = Date()) throws -> [UInt8] {
        guard ["2011", "2051", "2061", "2031"].contains(cn) else { throw SimulationError("cn \(cn) is not a data upload (2011, 2051, 2061, 2031)") }
        guard let stamp = HJ212DateTime(unixSeconds: Int64(dataTime.timeIntervalSince1970)),
              let qn = HJ212DateTime(unixSeconds: Int64(qnTime.timeIntervalSince1970), millisecond: Int(qnTime.timeIntervalSince1970 * 1000) % 1000)
        else { throw SimulationError("time out of range") }
        var body = "DataTime=\(stamp.digits)"
        for reading in readings {
            var items = ["\(reading.factor)-Avg=\(format(reading.avg))"]
            if let min = reading.min { items.append("\(reading.factor)-Min=\(format(min))") }
            if let max = reading.max { items.append("\(reading.factor)-Max=\(format(max))") }
            if let zsAvg = reading.zsAvg { items.append("\(reading.factor)-ZsAvg=\(format(zsAvg))") }
            items.append("\(reading.factor)-Flag=\(reading.flag)")
            body += ";" + items.joined(separator: ",")
        }
        let header = PacketHeader(qn: qn.qnDigits, st: st, cn: cn, pw: password, mn: mn, flag: PacketHeader.flag(version: .v2017, wantsAck: true))
        return try PacketEncoder.encode(header, cp: body)
    }
}
