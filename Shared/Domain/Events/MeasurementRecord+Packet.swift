public import Foundation
public import HJ212

extension MeasurementRecord {
    /// Commands whose data area carries measured values for Judgment.
    public static let measurementCommands: Set<String> = ["2011", "2051", "2061", "2031"]

    /// How long after the end of its period a value counts as re-sent history (补传).
    public static func lateThreshold(for cn: String) -> TimeInterval {
        switch cn {
        case "2011": 600
        case "2051": 1_800
        case "2061": 2 * 3_600
        default: 26 * 3_600
        }
    }

    /// The measurement a decoded upload carries, or nil when the packet is not a data upload or
    /// has no DataTime. DataTime is China Standard Time on the wire and a UTC instant here.
    public init?(packet: Packet, frameId: String, receivedAt: Date) {
        self.init(mn: packet.mn, cn: packet.cn, st: packet.st, version: packet.version, dataTime: packet.dataTime,
                  area: packet.cp, packetNumber: packet.pno, frameId: frameId, receivedAt: receivedAt)
    }

    /// The measurement of a split message (PNUM/PNO) once all its parts arrived.
    public init?(split: SplitMessage, frameId: String, receivedAt: Date) {
        guard split.isComplete, let first = split.parts.first else { return nil }
        self.init(mn: split.mn, cn: split.cn, st: first.st, version: first.version, dataTime: split.dataTime,
                  area: split.cp, packetNumber: nil, frameId: frameId, receivedAt: receivedAt)
    }

    init?(mn: String, cn: String, st: String, version: ProtocolVersion, dataTime: HJ212DateTime?, area: DataArea,
          packetNumber: Int?, frameId: String, receivedAt: Date) {
        guard Self.measurementCommands.contains(cn), let dataTime else { return nil }
        let instant = Date(timeIntervalSince1970: TimeInterval(dataTime.unixSeconds))
        let readings = area.factors.map { group in
            FactorReading(
                factor: group.code, originalCode: group.originalCode == group.code ? nil : group.originalCode,
                rtd: group.rtd, min: group.min, avg: group.avg, max: group.max, cou: group.cou,
                zsRtd: group.zsRtd, zsMin: group.zsMin, zsAvg: group.zsAvg, zsMax: group.zsMax, flag: group.flag)
        }
        self.init(
            mn: mn, cn: cn, st: st, protocolVersion: version.description, dataTime: instant, receivedAt: receivedAt,
            frameId: frameId, packetNumber: packetNumber,
            late: receivedAt.timeIntervalSince(instant) > Self.lateThreshold(for: cn), readings: readings)
    }
}
