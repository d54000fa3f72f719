import Bus
import Foundation
import Testing

/// Dates inside a payload travel as RFC 3339 UTC strings (what docs/events/*.schema.json say),
/// not as Foundation's seconds since 2001, and come back equal to the millisecond.
struct CloudEventPayloadDateTests {
    struct Payload: Codable, Sendable, Equatable {
        var dataTime: Date
        var note: String
    }

    @Test("payload dates are encoded as RFC 3339 strings and decode back")
    func payloadDates() throws {
        let instant = Date(timeIntervalSince1970: 1_795_917_600.25)  // 2026-11-29T02:00:00.250Z
        let event = CloudEvent(id: "e1", source: "/test", type: "cn.duban.test.v1", time: instant, subject: "M1",
                               data: Payload(dataTime: instant, note: "二氧化硫"))
        let text = String(decoding: try event.encoded(), as: UTF8.self)
        #expect(text.contains("\"dataTime\":\"2026-11-29T02:00:00.250Z\""))
        let decoded = try CloudEvent<Payload>.decode(try event.encoded())
        #expect(decoded.data == event.data)
        // A numeric date (the old reference-date form) is refused, naming the problem.
        let numeric = text.replacingOccurrences(of: "\"2026-11-29T02:00:00.250Z\",\"note\"", with: "786074400.25,\"note\"")
        #expect(throws: CloudEventError.self) { try CloudEvent<Payload>.decode(Array(numeric.utf8)) }
    }
}
