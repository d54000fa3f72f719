import Bus
import EventJSON
import Foundation
import Testing

/// JSONWriter must give exactly JSONEncoder's bytes (sorted keys, unescaped slashes): events are
/// deduplicated and hashed by their bytes downstream, so two encoders of one event must agree.
struct JSONWriterTests {
    static func reference<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static func written(_ body: (inout JSONWriter) -> Void) -> [UInt8] {
        var writer = JSONWriter()
        writer.array { body(&$0) }
        return writer.finish()
    }

    @Test("every ASCII byte, quotes, backslashes, slashes, control characters and non-ASCII text escape as JSONEncoder escapes them")
    func strings() throws {
        var samples = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
        samples += ["", "a\"b\\c/d", "中文 二氧化硫 mg/m³", "é\u{2028}\u{2029}\u{FEFF}", "🙂 emoji", String(repeating: "x\n", count: 300)]
        for sample in samples {
            #expect(Self.written { $0.string(sample) } == (try Self.reference([sample])), "\(sample.debugDescription)")
        }
    }

    @Test("numbers: integral doubles lose their .0, exponents and negative zero as JSONEncoder writes them; random values agree")
    func numbers() throws {
        var doubles: [Double] = [0, -0.0, 450, 450.5, 0.1, 1e-7, 1.5e20, 1e16, 123456789012.25, 3.14159265358979, 1e300,
                                 .leastNonzeroMagnitude, .greatestFiniteMagnitude, 12345678.9, 0.000123, -35, 9007199254740992, 1e22]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            doubles.append(Double(Int.random(in: -100_000...100_000, using: &generator)) / [1, 10, 100, 1000][Int.random(in: 0...3)])
            let bits = UInt64.random(in: .min ... .max, using: &generator)
            let random = Double(bitPattern: bits)
            if random.isFinite { doubles.append(random) }
        }
        for value in doubles {
            #expect(Self.written { $0.number(value) } == (try Self.reference([value])), "\(value)")
        }
        for value in [Int64.min, -1, 0, 7, 10, 99, 100, Int64.max] {
            #expect(Self.written { $0.number(value) } == (try Self.reference([value])), "\(value)")
        }
        #expect(Self.written { $0.number(UInt64.max) } == (try Self.reference([UInt64.max])))
        #expect(Self.written { $0.bool(true); $0.bool(false) } == (try Self.reference([true, false])))
    }

    struct Reading: Codable, Sendable, JSONWritable {
        var factor: String
        var avg: Double?
        var flag: String?
        var at: Date
        var tags: [String]

        func write(to writer: inout JSONWriter) {
            writer.object { writer in
                writer.field("at", millisecondsSinceEpoch: RFC3339.milliseconds(of: at))
                writer.field("avg", avg)
                writer.field("factor", factor)
                writer.field("flag", flag)
                writer.field("tags", strings: tags)
            }
        }
    }

    @Test("a CloudEvent whose payload writes itself has the same bytes as through JSONEncoder, with and without subject and optionals")
    func cloudEventFastPathMatchesReference() throws {
        let time = Date(timeIntervalSince1970: 1_795_921_200.123)
        for (subject, avg, flag) in [("88888880000001", 450.0, "N"), (nil, nil, nil), ("MN/with\"quote", -0.5, nil)] as [(String?, Double?, String?)] {
            let payload = Reading(factor: "a21026", avg: avg, flag: flag, at: time.addingTimeInterval(0.0004), tags: ["a", "b/c"])
            let event = CloudEvent(id: "m:1", source: "/duban/ingest", type: "cn.duban.test.v1", time: time, subject: subject, data: payload)
            let fast = try event.encoded()
            #expect(fast == (try event.encodedWithJSONEncoder()))
            let decoded = try CloudEvent<Reading>.decode(fast)
            #expect(decoded.data.avg == avg && decoded.subject == subject && decoded.time == event.time)
        }
    }
}
