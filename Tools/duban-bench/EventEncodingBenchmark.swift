import Bus
import Domain
import Foundation
import HJ212

/// `duban-bench events`: what Ingest spends encoding the two CloudEvents of every accepted frame
/// (duban.frames + duban.measurements), through Foundation's JSONEncoder (the reference) and through
/// the byte writer Ingest uses. One core; best and median of 7 rounds.
func runEventEncodingBenchmark(seconds: Double) {
    let raw = flueGasFrame()
    guard case .packet(let packet)? = FrameDecoder.decodeAll(raw, options: .strict).first else {
        fatalError("benchmark frame does not decode")
    }
    let receivedAt = Date(timeIntervalSince1970: 1_706_016_902.123)
    let frameId = "0b1c9e4e-8f7a-4a52-9d0e-3c5f1b2a7d64"
    guard let measurement = MeasurementRecord(packet: packet, frameId: frameId, receivedAt: receivedAt) else {
        fatalError("benchmark frame has no measurement")
    }
    let frame = FrameRecord(frameId: frameId, mn: packet.mn, cn: packet.cn, st: packet.st, qn: packet.qn,
                            protocolVersion: packet.version.description, receivedAt: receivedAt, peer: "127.0.0.1:50000",
                            connectionId: 42, raw: packet.raw, deviations: [], duplicate: false)
    let frameEvent = CloudEvent(id: frameId, source: "/duban/ingest", type: EventType.frame, time: receivedAt, subject: packet.mn, data: frame)
    let measurementEvent = CloudEvent(id: measurement.eventId, source: "/duban/ingest", type: EventType.measurement, time: receivedAt,
                                      subject: packet.mn, data: measurement)
    do {
        guard try frameEvent.encoded() == frameEvent.encodedWithJSONEncoder(),
              try measurementEvent.encoded() == measurementEvent.encodedWithJSONEncoder()
        else { fatalError("the two encoders disagree: the figures would compare different work") }
        let bytes = try frameEvent.encoded().count + measurementEvent.encoded().count
        print("Event encoding per accepted frame: duban.frames + duban.measurements events, \(bytes) bytes, \(measurement.readings.count) factors")
        print("one core; \(seconds) s per figure, best / median of 7 rounds")
        let perCall = 100
        let foundation = measure(seconds: seconds, unitsPerCall: perCall) {
            var total = 0
            for _ in 0..<perCall {
                total &+= (try? frameEvent.encodedWithJSONEncoder().count) ?? 0
                total &+= (try? measurementEvent.encodedWithJSONEncoder().count) ?? 0
            }
            return total
        }
        let writer = measure(seconds: seconds, unitsPerCall: perCall) {
            var total = 0
            for _ in 0..<perCall {
                total &+= (try? frameEvent.encoded().count) ?? 0
                total &+= (try? measurementEvent.encoded().count) ?? 0
            }
            return total
        }
        func line(_ label: String, _ figure: (best: Double, median: Double, sink: Int)) {
            print(label.padding(46, left: false) + format(figure.best) + " frames/s   (median " + format(figure.median) + ")")
        }
        line("JSONEncoder (Codable, sorted keys)", foundation)
        line("JSONWriter (Ingest's path)", writer)
        print(String(format: "speed-up %.1f×   [checksum %d]", writer.best / foundation.best, (foundation.sink ^ writer.sink) & 0xFFFF))
    } catch {
        fatalError("encoding failed: \(error)")
    }
}
