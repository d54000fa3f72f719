public import EventJSON
import Foundation

// What Ingest publishes for every accepted frame, written without JSONEncoder (the hot path of
// issue 3). Keys in sorted byte order; DomainTests check the bytes equal the Codable encoding.

extension FrameRecord: JSONWritable {
    public func write(to writer: inout JSONWriter) {
        writer.object { writer in
            writer.field("cn", cn)
            writer.field("connectionId", connectionId)
            writer.field("deviations", strings: deviations)
            writer.field("duplicate", duplicate)
            writer.field("frameId", frameId)
            writer.field("mn", mn)
            writer.field("peer", peer)
            writer.field("protocolVersion", protocolVersion)
            writer.field("qn", qn)
            writer.field("raw", raw)
            writer.field("receivedAt", millisecondsSinceEpoch: RFC3339.milliseconds(of: receivedAt))
            writer.field("st", st)
        }
    }
}

extension RejectRecord: JSONWritable {
    public func write(to writer: inout JSONWriter) {
        writer.object { writer in
            writer.field("byteCount", byteCount)
            writer.field("connectionId", connectionId)
            writer.field("detail", detail)
            writer.field("mn", mn)
            writer.field("peer", peer)
            writer.field("raw", raw)
            writer.field("reason", reason)
            writer.field("receivedAt", millisecondsSinceEpoch: RFC3339.milliseconds(of: receivedAt))
        }
    }
}

extension MeasurementRecord: JSONWritable {
    public func write(to writer: inout JSONWriter) {
        writer.object { writer in
            writer.field("cn", cn)
            writer.field("dataTime", millisecondsSinceEpoch: RFC3339.milliseconds(of: dataTime))
            writer.field("frameId", frameId)
            writer.field("late", late)
            writer.field("mn", mn)
            writer.field("packetNumber", packetNumber)
            writer.field("protocolVersion", protocolVersion)
            writer.key("readings")
            writer.array { writer in
                for reading in readings { reading.write(to: &writer) }
            }
            writer.field("receivedAt", millisecondsSinceEpoch: RFC3339.milliseconds(of: receivedAt))
            writer.field("st", st)
        }
    }
}

extension FactorReading: JSONWritable {
    public func write(to writer: inout JSONWriter) {
        writer.object { writer in
            writer.field("avg", avg)
            writer.field("cou", cou)
            writer.field("factor", factor)
            writer.field("flag", flag)
            writer.field("max", max)
            writer.field("min", min)
            writer.field("originalCode", originalCode)
            writer.field("rtd", rtd)
            writer.field("zsAvg", zsAvg)
            writer.field("zsMax", zsMax)
            writer.field("zsMin", zsMin)
            writer.field("zsRtd", zsRtd)
        }
    }
}

extension ParamsRecord: JSONWritable {
    public func write(to writer: inout JSONWriter) {
        writer.object { writer in
            writer.field("cn", cn)
            if let dataTime { writer.field("dataTime", millisecondsSinceEpoch: RFC3339.milliseconds(of: dataTime)) }
            writer.field("frameId", frameId)
            writer.key("items")
            writer.array { writer in
                for item in items {
                    writer.object { writer in
                        writer.field("key", item.key)
                        writer.field("polId", item.polId)
                        writer.field("value", item.value)
                    }
                }
            }
            writer.field("mn", mn)
            writer.field("receivedAt", millisecondsSinceEpoch: RFC3339.milliseconds(of: receivedAt))
        }
    }
}
