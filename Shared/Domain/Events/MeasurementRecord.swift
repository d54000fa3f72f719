public import Foundation

/// One decoded data upload (CN 2011/2051/2061/2031) of one monitoring point, as Ingest publishes it
/// on `duban.measurements` (`cn.duban.measurement.v1`). Times are UTC instants.
public struct MeasurementRecord: Codable, Sendable, Equatable {
    public var mn: String
    public var cn: String
    public var st: String
    public var protocolVersion: String
    /// Period start (2051/2061/2031) or sampling instant (2011).
    public var dataTime: Date
    public var receivedAt: Date
    /// Identity of the raw frame on `duban.frames`, for evidence.
    public var frameId: String
    public var packetNumber: Int?
    /// Re-sent history (补传): the frame arrived long after its data time.
    public var late: Bool
    public var readings: [FactorReading]

    public init(mn: String, cn: String, st: String, protocolVersion: String, dataTime: Date, receivedAt: Date,
                frameId: String, packetNumber: Int?, late: Bool, readings: [FactorReading]) {
        self.mn = mn
        self.cn = cn
        self.st = st
        self.protocolVersion = protocolVersion
        self.dataTime = dataTime
        self.receivedAt = receivedAt
        self.frameId = frameId
        self.packetNumber = packetNumber
        self.late = late
        self.readings = readings
    }

    /// The event id is derived from the data's identity (MN, CN, DataTime, PNO), so the same data
    /// sent twice carries the same id and consumers recognise it.
    public var eventId: String {
        "m:\(mn):\(cn):\(Int64(dataTime.timeIntervalSince1970)):\(packetNumber ?? 0)"
    }
}

/// The values of one factor in one upload. Codes are HJ 212-2017 codes; `originalCode` keeps a
/// 2005 code the device sent.
public struct FactorReading: Codable, Sendable, Equatable {
    public var factor: String
    public var originalCode: String?
    public var rtd: Double?
    public var min: Double?
    public var avg: Double?
    public var max: Double?
    public var cou: Double?
    public var zsRtd: Double?
    public var zsMin: Double?
    public var zsAvg: Double?
    public var zsMax: Double?
    public var flag: String?

    public init(factor: String, originalCode: String? = nil, rtd: Double? = nil, min: Double? = nil, avg: Double? = nil,
                max: Double? = nil, cou: Double? = nil, zsRtd: Double? = nil, zsMin: Double? = nil, zsAvg: Double? = nil,
                zsMax: Double? = nil, flag: String? = nil) {
        self.factor = factor
        self.originalCode = originalCode
        self.rtd = rtd
        self.min = min
        self.avg = avg
        self.max = max
        self.cou = cou
        self.zsRtd = zsRtd
        self.zsMin = zsMin
        self.zsAvg = zsAvg
        self.zsMax = zsMax
        self.flag = flag
    }
}
