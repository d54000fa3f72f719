public import Foundation
import HJ212

extension DeviceFrames {
    /// One site-information item: `PolId=<polId>,<code>-Info=<value>`, or without PolId when empty.
    public struct SiteItem: Sendable {
        public var polId: String
        public var code: String
        public var value: String

        public init(polId: String, code: String, value: String) {
            self.polId = polId
            self.code = code
            self.value = value
        }
    }

    /// A site-information upload (CN 3020, HJ 212-2017, acknowledgement wanted): analyser states
    /// and parameters (`i12001`, `i13001`–`i13009`…) as a device reports them on change or when
    /// asked.
    public static func siteInformation(mn: String, password: String, dataTime: Date, items: [SiteItem], qnTime: Date = Date()) throws -> [UInt8] {
        guard let stamp = HJ212DateTime(unixSeconds: Int64(dataTime.timeIntervalSince1970)),
              let qn = HJ212DateTime(unixSeconds: Int64(qnTime.timeIntervalSince1970), millisecond: Int(qnTime.timeIntervalSince1970 * 1000) % 1000)
        else { throw SimulationError("time out of range") }
        var body = "DataTime=\(stamp.digits)"
        for item in items {
            body += item.polId.isEmpty ? ";\(item.code)-Info=\(item.value)" : ";PolId=\(item.polId),\(item.code)-Info=\(item.value)"
        }
        let header = PacketHeader(qn: qn.qnDigits, st: "31", cn: "3020", pw: password, mn: mn, flag: PacketHeader.flag(version: .v2017, wantsAck: true))
        return try PacketEncoder.encode(header, cp: body)
    }
}
