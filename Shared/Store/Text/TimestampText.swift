import Foundation

/// PostgreSQL's ISO text form of `timestamptz`, `timestamp` and `date`, both ways, with integer
/// arithmetic (no `Calendar`, no locale). Every connection runs with `TimeZone=UTC` and
/// `DateStyle=ISO`, so the server writes `2024-05-01 08:00:00.123456+00`.
enum TimestampText {
    private static let microsPerSecond: Int64 = 1_000_000
    private static let microsPerDay: Int64 = 86_400 * microsPerSecond

    /// `date` in UTC, rounded to the microsecond, e.g. `2024-05-01 08:00:00.123456+00`.
    static func format(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let (days, microOfDay) = floorDivide(micros, microsPerDay)
        let (year, month, day) = civil(fromDays: days)
        let secondOfDay = microOfDay / microsPerSecond
        let fraction = microOfDay % microsPerSecond
        // Years before 1 are written with BC (there is no year 0 in PostgreSQL's calendar).
        let era = year <= 0 ? " BC" : ""
        let shownYear = year <= 0 ? 1 - year : year
        return "\(pad(shownYear, 4))-\(pad(month, 2))-\(pad(day, 2)) "
            + "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
            + ".\(pad(fraction, 6))+00\(era)"
    }

    /// Parses the server's text of a `timestamptz` (offset honoured), `timestamp` (read as UTC)
    /// or `date` (midnight UTC). Nil for anything else, including `infinity`.
    static func parse(_ text: String) -> Date? {
        var scanner = Scanner(Array(text.utf8))
        guard let year = scanner.number(minDigits: 4, maxDigits: 9), scanner.skip("-"),
              let month = scanner.number(minDigits: 2, maxDigits: 2), scanner.skip("-"),
              let day = scanner.number(minDigits: 2, maxDigits: 2),
              (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var micros: Int64 = 0
        if scanner.skip(" ") || scanner.skip("T") {
            guard let hour = scanner.number(minDigits: 2, maxDigits: 2), scanner.skip(":"),
                  let minute = scanner.number(minDigits: 2, maxDigits: 2), scanner.skip(":"),
                  let second = scanner.number(minDigits: 2, maxDigits: 2),
                  hour <= 24, minute < 60, second < 61
            else { return nil }
            micros = ((hour * 60 + minute) * 60 + second) * microsPerSecond
            if scanner.skip(".") {
                guard let (fraction, digits) = scanner.fraction(), digits <= 6 else { return nil }
                var scaled = fraction
                for _ in digits..<6 { scaled *= 10 }
                micros += scaled
            }
            if let sign = scanner.peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                scanner.advance()
                guard let offsetHours = scanner.number(minDigits: 2, maxDigits: 2) else { return nil }
                var offsetSeconds = offsetHours * 3600
                if scanner.skip(":") {
                    guard let offsetMinutes = scanner.number(minDigits: 2, maxDigits: 2) else { return nil }
                    offsetSeconds += offsetMinutes * 60
                    if scanner.skip(":") {
                        guard let extra = scanner.number(minDigits: 2, maxDigits: 2) else { return nil }
                        offsetSeconds += extra
                    }
                }
                // Local time minus its offset east of UTC is UTC.
                micros -= (sign == UInt8(ascii: "+") ? offsetSeconds : -offsetSeconds) * microsPerSecond
            }
        }
        var astronomicalYear = year
        if scanner.skip(" BC") { astronomicalYear = 1 - year }
        guard scanner.isAtEnd else { return nil }
        let days = days(fromCivil: astronomicalYear, month, day)
        let total = days * microsPerDay + micros
        return Date(timeIntervalSince1970: Double(total) / 1_000_000)
    }

    // Howard Hinnant's days-from-civil / civil-from-days (proleptic Gregorian calendar).
    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
        return (quotient, value - quotient * divisor)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private struct Scanner {
        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var isAtEnd: Bool { position == bytes.count }

        func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func advance() { position += 1 }

        mutating func skip(_ literal: String) -> Bool {
            let expected = Array(literal.utf8)
            guard bytes.count - position >= expected.count,
                  Array(bytes[position..<position + expected.count]) == expected
            else { return false }
            position += expected.count
            return true
        }

        mutating func number(minDigits: Int, maxDigits: Int) -> Int64? {
            var value: Int64 = 0
            var count = 0
            while count < maxDigits, let byte = peek(), (48...57).contains(byte) {
                value = value * 10 + Int64(byte - 48)
                count += 1
                advance()
            }
            return count >= minDigits ? value : nil
        }

        mutating func fraction() -> (Int64, Int)? {
            var value: Int64 = 0
            var count = 0
            while let byte = peek(), (48...57).contains(byte) {
                guard count < 9 else { return nil }
                value = value * 10 + Int64(byte - 48)
                count += 1
                advance()
            }
            return count > 0 ? (value, count) : nil
        }
    }
}
