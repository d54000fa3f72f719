public import Foundation

/// A raw frame as received (`duban.frames`, `cn.duban.frame.v1`): kept for evidence and replay.
/// `raw` is the exact bytes, base64-encoded (segments may be GBK, never assume UTF-8).
public struct FrameRecord: Codable, Sendable, Equatable {
    public var frameId: String
    public var mn: String
    public var cn: String
    public var st: String
    public var qn: String?
    public var protocolVersion: String
    public var receivedAt: Date
    public var peer: String
    public var connectionId: UInt64
    public var raw: String
    public var deviations: [String]
    /// The same data (MN, CN, DataTime, PNO) was received before; its measurement was not republished.
    public var duplicate: Bool

    public init(frameId: String, mn: String, cn: String, st: String, qn: String?, protocolVersion: String, receivedAt: Date,
                peer: String, connectionId: UInt64, raw: [UInt8], deviations: [String], duplicate: Bool) {
        self.frameId = frameId
        self.mn = mn
        self.cn = cn
        self.st = st
        self.qn = qn
        self.protocolVersion = protocolVersion
        self.receivedAt = receivedAt
        self.peer = peer
        self.connectionId = connectionId
        self.raw = Data(raw).base64EncodedString()
        self.deviations = deviations
        self.duplicate = duplicate
    }
}

/// Bytes Ingest refused (`duban.rejects`, `cn.duban.reject.v1`), with a stable reason code.
public struct RejectRecord: Codable, Sendable, Equatable {
    public var reason: String
    public var detail: String
    /// MN when the frame got far enough to name its device.
    public var mn: String?
    public var receivedAt: Date
    public var peer: String
    public var connectionId: UInt64
    /// The rejected bytes (a capped sample for long garbage), base64.
    public var raw: String
    public var byteCount: Int

    public init(reason: String, detail: String, mn: String?, receivedAt: Date, peer: String, connectionId: UInt64, raw: [UInt8], byteCount: Int) {
        self.reason = reason
        self.detail = detail
        self.mn = mn
        self.receivedAt = receivedAt
        self.peer = peer
        self.connectionId = connectionId
        self.raw = Data(raw).base64EncodedString()
        self.byteCount = byteCount
    }
}
