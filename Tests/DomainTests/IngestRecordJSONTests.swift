import Domain
import EventJSON
import Foundation
import Testing

/// The records Ingest publishes for every frame write their JSON by hand (issue 3's hot path);
/// the bytes must equal their Codable encoding under the event encoder, for any content.
struct IngestRecordJSONTests {
    static func reference<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(millisecondsSinceEpoch: RFC3339.milliseconds(of: date)))
        }
        return Array(try encoder.encode(value))
    }

    static func written(_ value: some JSONWritable) -> [UInt8] {
        var writer = JSONWriter()
        value.write(to: &writer)
        return writer.finish()
    }

    static func maybe<T>(_ value: T, _ generator: inout SystemRandomNumberGenerator) -> T? {
        Bool.random(using: &generator) ? value : nil
    }

    static func randomText(_ generator: inout SystemRandomNumberGenerator) -> String {
        let pieces = ["a21026", "N", "中文", "/", "\"", "\\", "\n", "é", " ", "0", "CN=2061", "\u{01}"]
        return (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    @Test("random measurements (every optional present or absent, 0–8 readings) encode to the same bytes both ways")
    func measurements() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let readings = (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                FactorReading(factor: Self.randomText(&generator), originalCode: Self.maybe("02", &generator),
                              rtd: Self.maybe(Double.random(in: -1000...1000, using: &generator), &generator),
                              min: Self.maybe(12, &generator), avg: Self.maybe(450.25, &generator), max: Self.maybe(1e-7, &generator),
                              cou: Self.maybe(-0.0, &generator), zsRtd: Self.maybe(3, &generator), zsMin: Self.maybe(4.5, &generator),
                              zsAvg: Self.maybe(5, &generator), zsMax: Self.maybe(6, &generator), flag: Self.maybe(Self.randomText(&generator), &generator))
            }
            let record = MeasurementRecord(
                mn: Self.randomText(&generator), cn: "2061", st: "31", protocolVersion: "2017",
                dataTime: Date(timeIntervalSince1970: Double(Int.random(in: 0...4_000_000_000, using: &generator))),
                receivedAt: Date(timeIntervalSince1970: Double.random(in: 0...4_000_000_000, using: &generator)),
                frameId: UUID().uuidString, packetNumber: Self.maybe(Int.random(in: 1...9, using: &generator), &generator),
                late: Bool.random(using: &generator), readings: readings)
            #expect(Self.written(record) == (try Self.reference(record)))
        }
    }

    @Test("random frames, rejects and parameter records encode to the same bytes both ways")
    func framesRejectsAndParams() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let raw = (0..<Int.random(in: 0...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let received = Date(timeIntervalSince1970: Double.random(in: 0...4_000_000_000, using: &generator))
            let frame = FrameRecord(
                frameId: UUID().uuidString.lowercased(), mn: Self.randomText(&generator), cn: "2011", st: "22",
                qn: Self.maybe(Self.randomText(&generator), &generator), protocolVersion: "2005", receivedAt: received,
                peer: "127.0.0.1:\(Int.random(in: 1...65535, using: &generator))", connectionId: UInt64.random(in: 0 ... .max, using: &generator),
                raw: raw, deviations: (0..<Int.random(in: 0...3, using: &generator)).map { _ in Self.randomText(&generator) },
                duplicate: Bool.random(using: &generator))
            #expect(Self.written(frame) == (try Self.reference(frame)))

            let reject = RejectRecord(reason: "crc_mismatch", detail: Self.randomText(&generator), mn: Self.maybe("MN1", &generator),
                                      receivedAt: received, peer: "127.0.0.1:9", connectionId: 3, raw: raw, byteCount: raw.count)
            #expect(Self.written(reject) == (try Self.reference(reject)))

            let params = ParamsRecord(
                mn: "MN", cn: "3020", dataTime: Self.maybe(received, &generator), receivedAt: received, frameId: "f",
                items: (0..<Int.random(in: 0...5, using: &generator)).map { _ in
                    ParamsRecord.Item(polId: Self.maybe(Self.randomText(&generator), &generator), key: Self.randomText(&generator),
                                      value: Self.randomText(&generator))
                })
            #expect(Self.written(params) == (try Self.reference(params)))
        }
    }
}
