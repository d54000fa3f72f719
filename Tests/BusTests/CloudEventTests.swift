import Bus
import Foundation
import Testing

struct CloudEventTests {
    struct Measurement: Codable, Sendable, Equatable {
        var mn: String
        var factor: String
        var value: Double
        var flags: [String: String]
    }

    private func sample(time: Date = Date(timeIntervalSince1970: 1_714_528_800.123)) -> CloudEvent<Measurement> {
        CloudEvent(
            id: "f2f0c6c8-0001", source: "/duban/ingest", type: "cn.duban.measurement.v1", time: time,
            subject: "88888880000001",
            data: Measurement(mn: "88888880000001", factor: "a21026", value: 123.45, flags: ["z": "N", "a": "N"]))
    }

    @Test func encodingIsByteIdenticalAndSorted() throws {
        let first = try sample().encoded()
        let second = try sample().encoded()
        #expect(first == second)
        let text = String(decoding: first, as: UTF8.self)
        #expect(
            text
                == #"{"data":{"factor":"a21026","flags":{"a":"N","z":"N"},"mn":"88888880000001","value":123.45},"datacontenttype":"application/json","id":"f2f0c6c8-0001","source":"/duban/ingest","specversion":"1.0","subject":"88888880000001","time":"2024-05-01T02:00:00.123Z","type":"cn.duban.measurement.v1"}"#
        )
    }

    @Test func decodesBackToTheSameEventAndBytes() throws {
        // Sub-millisecond precision is dropped at creation, so the round trip is exact.
        let event = sample(time: Date(timeIntervalSince1970: 1_714_528_800.123_456))
        let bytes = try event.encoded()
        let decoded = try CloudEvent<Measurement>.decode(bytes)
        #expect(decoded == event)
        #expect(try decoded.encoded() == bytes)
        let attributes = try CloudEventAttributes.decode(bytes)
        #expect(attributes.type == "cn.duban.measurement.v1")
        #expect(attributes.subject == "88888880000001")
        #expect(attributes.time == event.time)
    }

    @Test func acceptsOffsetsAndNormalisesToUTC() throws {
        let json = #"{"specversion":"1.0","id":"1","source":"/x","type":"t.v1","time":"2024-05-01T10:00:00+08:00","data":{"mn":"m","factor":"f","value":1,"flags":{}}}"#
        let event = try CloudEvent<Measurement>.decode(Array(json.utf8))
        #expect(event.time == Date(timeIntervalSince1970: 1_714_528_800))
        #expect(event.subject == nil)
        #expect(String(decoding: try event.encoded(), as: UTF8.self).contains(#""time":"2024-05-01T02:00:00.000Z""#))
    }

    @Test(arguments: [
        (#"{"specversion":"0.3","id":"1","source":"/x","type":"t","time":"2024-05-01T02:00:00Z","data":{}}"#, "specversion"),
        (#"{"specversion":"1.0","id":"","source":"/x","type":"t","time":"2024-05-01T02:00:00Z","data":{}}"#, "id is empty"),
        (#"{"specversion":"1.0","id":"1","type":"t","time":"2024-05-01T02:00:00Z","data":{}}"#, "source"),
        (#"{"specversion":"1.0","id":"1","source":"/x","type":"t","time":"2024-13-01T02:00:00Z","data":{}}"#, "RFC 3339"),
        (#"{"specversion":"1.0","id":"1","source":"/x","type":"t","time":"2024-05-01 02:00","data":{}}"#, "RFC 3339"),
        (#"{"specversion":"1.0","id":"1","source":"/x","type":"t","time":"2024-05-01T02:00:00Z","datacontenttype":"text/xml","data":{}}"#, "datacontenttype"),
    ])
    func rejectsInvalidEventsNamingTheProblem(json: String, expected: String) throws {
        struct Anything: Codable, Sendable {}
        let error = #expect(throws: CloudEventError.self) { try CloudEvent<Anything>.decode(Array(json.utf8)) }
        #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
    }

    @Test func recordCarriesSubjectAsKeyAndContentTypeHeader() throws {
        let record = try sample().record(topic: BusTopics.measurements)
        #expect(record.key == Array("88888880000001".utf8))
        #expect(record.headers == [KafkaHeader(name: "content-type", text: "application/cloudevents+json; charset=UTF-8")])
        #expect(record.value == (try sample().encoded()))
    }

    @Test func timeAcrossDateBoundariesAndLeapYears() throws {
        // 2024-02-29T23:59:59.999Z and 1969-12-31T23:59:59.000Z (before the epoch).
        for (seconds, text) in [(1_709_251_199.999, "2024-02-29T23:59:59.999Z"), (-1.0, "1969-12-31T23:59:59.000Z")] {
            let event = CloudEvent(source: "/x", type: "t.v1", time: Date(timeIntervalSince1970: seconds), subject: nil, data: [1])
            let encoded = String(decoding: try event.encoded(), as: UTF8.self)
            #expect(encoded.contains(#""time":"\#(text)""#), "\(encoded)")
            #expect(try CloudEvent<[Int]>.decode(try event.encoded()) == event)
        }
    }
}
