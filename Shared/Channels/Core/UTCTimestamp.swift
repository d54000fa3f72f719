import Foundation

/// Formatting of instants the way the provider APIs want them.
enum UTCTimestamp {
    /// `2023-10-26T10:22:32Z` (Alibaba Cloud `x-acs-date`).
    static func iso8601(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let time = [secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60].map(UTCDay.twoDigits).joined(separator: ":")
        return "\(UTCDay.string(fromUnixSeconds: seconds))T\(time)Z"
    }

    static func unixSeconds(_ instant: Date) -> Int {
        Int(instant.timeIntervalSince1970.rounded(.down))
    }

    static func unixMilliseconds(_ instant: Date) -> Int64 {
        Int64((instant.timeIntervalSince1970 * 1000).rounded(.down))
    }
}

/// A random nonce for a signed request (`x-acs-signature-nonce`): 32 lowercase hex digits.
public enum SignatureNonce {
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return String((0..<32).map { _ in digits[Int(generator.next(upperBound: UInt8(16)))] })
    }
}
