import Bus
import Domain
import Foundation
import Runtime

/// `duban-bench judgment-load BOOTSTRAP MN_PREFIX POINTS HOURS START_EPOCH`: publishes what Ingest
/// would for POINTS flue-gas points sending minute data (CN 2051: SO2, NOx, dust, O2, flow,
/// temperature) for HOURS hours from START_EPOCH (an hour start), minute by minute across the
/// points, plus the first minute of the next hour so the last hour is complete and judged. For
/// `scripts/bench-judgment-service.sh`, which times the Judgment service consuming it.
func runJudgmentLoad(arguments: [String]) async {
    guard arguments.count == 5, let points = Int(arguments[2]), let hours = Int(arguments[3]), let startEpoch = Int(arguments[4]),
          points > 0, hours > 0, startEpoch % 3600 == 0 else {
        print("usage: duban-bench judgment-load BOOTSTRAP MN_PREFIX POINTS HOURS START_EPOCH (an hour start, epoch seconds)")
        exit(2)
    }
    let prefix = arguments[1]
    do {
        let producer = try Producer(configuration: KafkaConfiguration(bootstrapServers: arguments[0], clientID: "duban-bench-judgment"),
                                    logger: Logger(label: "duban.bench", level: .warning))
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func noise() -> Double {  // deterministic: the same run publishes the same values
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        let clock = ContinuousClock()
        let started = clock.now
        var published = 0
        for minute in 0...(hours * 60) {
            let dataTime = Date(timeIntervalSince1970: TimeInterval(startEpoch + minute * 60))
            var batch: [OutgoingRecord] = []
            for point in 0..<points {
                let mn = prefix + String(format: "%06d", point)
                let readings = [
                    FactorReading(factor: "a21026", avg: 20 + 4 * noise(), flag: "N"), FactorReading(factor: "a21002", avg: 30 + 6 * noise(), flag: "N"),
                    FactorReading(factor: "a34013", avg: 3 + noise(), flag: "N"), FactorReading(factor: "a19001", avg: 6 + noise(), flag: "N"),
                    FactorReading(factor: "a00000", avg: 300 + 20 * noise(), flag: "N"),
                    FactorReading(factor: "a01012", avg: 50 + 2 * noise(), flag: "N"),
                ]
                let record = MeasurementRecord(mn: mn, cn: "2051", st: "31", protocolVersion: "2017", dataTime: dataTime, receivedAt: dataTime,
                                               frameId: "bench-\(mn)-\(minute)", packetNumber: nil, late: false, readings: readings)
                batch.append(try CloudEvent(id: record.eventId, source: "/duban/bench", type: EventType.measurement, time: dataTime,
                                            subject: mn, data: record).record(topic: BusTopics.measurements))
            }
            _ = try await producer.send(batch)
            published += batch.count
        }
        await producer.close()
        let elapsed = clock.now - started
        print("published \(published) measurements (\(points) points × \(hours) h of minutes + 1) in \(elapsed)")
    } catch {
        print("judgment-load failed: \(error)")
        exit(1)
    }
}
