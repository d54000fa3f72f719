import Foundation
@testable import Store
import Testing

/// The ISO timestamp text both ways; dates are UTC inside Duban.
@Suite struct TimestampTextTests {
    @Test func formatsUTCWithMicroseconds() {
        #expect(TimestampText.format(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00:00.000000+00")
        #expect(TimestampText.format(Date(timeIntervalSince1970: 1_714_550_400.25)) == "2024-05-01 08:00:00.250000+00")
        #expect(TimestampText.format(Date(timeIntervalSince1970: -1.5)) == "1969-12-31 23:59:58.500000+00")
        #expect(TimestampText.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29 00:00:00.000000+00")
    }

    @Test func parsesOffsetsFractionsAndDates() throws {
        let base = Date(timeIntervalSince1970: 1_714_550_400)  // 2024-05-01 08:00:00 UTC
        #expect(TimestampText.parse("2024-05-01 08:00:00+00") == base)
        #expect(TimestampText.parse("2024-05-01 16:00:00+08") == base)
        #expect(TimestampText.parse("2024-05-01 13:30:00+05:30") == base)
        #expect(TimestampText.parse("2024-05-01 02:00:00-06") == base)
        #expect(TimestampText.parse("2024-05-01 08:00:00") == base)
        #expect(TimestampText.parse("2024-05-01") == Date(timeIntervalSince1970: 1_714_521_600))
        let fractional = try #require(TimestampText.parse("2024-05-01 08:00:00.000123+00"))
        #expect(abs(fractional.timeIntervalSince(base) - 0.000123) < 1e-7)
        #expect(TimestampText.parse("2024-05-01 08:00:00.5+00") == base.addingTimeInterval(0.5))
    }

    @Test func rejectsWhatIsNotAFiniteTimestamp() {
        for text in ["infinity", "-infinity", "", "2024-13-01", "2024-05-01 08:00", "2024-05-01 08:00:00+", "2024-05-01x",
                     "2024-05-01 08:00:00.1234567+00"] {
            #expect(TimestampText.parse(text) == nil, "\(text)")
        }
    }

    @Test func bcDatesRoundTrip() throws {
        let date = try #require(TimestampText.parse("0044-03-15 12:00:00+00 BC"))
        #expect(TimestampText.format(date) == "0044-03-15 12:00:00.000000+00 BC")
    }

    @Test func civilDayConversionIsConsistentOverCenturies() {
        for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            let (year, month, day) = TimestampText.civil(fromDays: days)
            #expect(TimestampText.days(fromCivil: year, month, day) == days)
        }
    }
}
