public import Foundation

/// Reads configuration from environment variables, validating each one. Every accessor throws a
/// `ConfigurationError` naming the variable and what it expects.
public struct Environment: Sendable {
    public let values: [String: String]

    public init(_ values: [String: String] = ProcessInfo.processInfo.environment) {
        self.values = values
    }

    private func raw(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// A required string.
    public func string(_ name: String, expected: String) throws -> String {
        guard let value = raw(name) else { throw ConfigurationError(variable: name, expected: expected, found: nil) }
        return value
    }

    /// An optional string with a documented default.
    public func string(_ name: String, default fallback: String) -> String {
        raw(name) ?? fallback
    }

    public func optionalString(_ name: String) -> String? { raw(name) }

    /// An integer within `range`.
    public func int(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = raw(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(
                variable: name, expected: "an integer from \(range.lowerBound) to \(range.upperBound)", found: text)
        }
        return value
    }

    /// A TCP port (1–65535), or 0 where `allowEphemeral` lets the system choose.
    public func port(_ name: String, default fallback: Int, allowEphemeral: Bool = true) throws -> UInt16 {
        UInt16(try int(name, default: fallback, in: (allowEphemeral ? 0 : 1)...65535))
    }

    /// A duration written as a number with a unit: `250ms`, `30s`, `5m`, `2h`.
    public func duration(_ name: String, default fallback: Duration) throws -> Duration {
        guard let text = raw(name) else { return fallback }
        guard let value = Self.parseDuration(text) else {
            throw ConfigurationError(variable: name, expected: "a duration such as 250ms, 30s, 5m or 2h", found: text)
        }
        return value
    }

    public func bool(_ name: String, default fallback: Bool) throws -> Bool {
        guard let text = raw(name) else { return fallback }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(variable: name, expected: "true or false", found: text)
        }
    }

    /// An http(s) URL.
    public func url(_ name: String, expected: String = "an http:// or https:// URL") throws -> URL {
        let text = try string(name, expected: expected)
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw ConfigurationError(variable: name, expected: expected, found: text)
        }
        return url
    }

    public static func parseDuration(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, seconds) in units where text.hasSuffix(suffix) {
            let number = text.dropLast(suffix.count)
            // "ms" also ends in "s": only accept a plain number before the suffix.
            guard let value = Double(number), value >= 0 else { continue }
            return .milliseconds(Int64((value * seconds * 1000).rounded()))
        }
        return nil
    }
}
