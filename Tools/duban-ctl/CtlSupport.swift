import Foundation
import Runtime
import Store

/// Shared bits of duban-ctl's verbs: the database from `DUBAN_DATABASE_URL`, argument parsing,
/// errors on standard error.
enum CtlSupport {
    static func fail(_ message: String, status: Int32 = 1) -> Int32 {
        FileHandle.standardError.write(Data("duban-ctl: \(message)\n".utf8))
        return status
    }

    static func database() async throws -> Database {
        let url = try Environment().string("DUBAN_DATABASE_URL", expected: "a PostgreSQL URL such as postgresql://user@host:5432/duban")
        return try await Database.connect(DatabaseConfiguration(url: url, applicationName: "duban-ctl"), logger: Logger(label: "duban.ctl", level: .warning))
    }

    /// `--name value` options and positional arguments.
    static func parse(_ arguments: [String]) -> (options: [String: String], positional: [String]) {
        var options: [String: String] = [:]
        var positional: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument.hasPrefix("--") {
                let name = String(argument.dropFirst(2))
                if let equals = name.firstIndex(of: "=") {
                    options[String(name[..<equals])] = String(name[name.index(after: equals)...])
                } else if index + 1 < arguments.count, !arguments[index + 1].hasPrefix("--") {
                    options[name] = arguments[index + 1]
                    index += 1
                } else {
                    options[name] = "true"
                }
            } else {
                positional.append(argument)
            }
            index += 1
        }
        return (options, positional)
    }

    /// An instant as ISO 8601 (`2026-11-29T10:00:00+08:00`, `…Z`) or a China-time date-time
    /// without zone (`2026-11-29T10:00:00`, `2026-11-29`).
    static func instant(_ text: String) -> Date? {
        let withZone = ISO8601DateFormatter()
        if let date = withZone.date(from: text) { return date }
        let china = DateFormatter()
        china.locale = Locale(identifier: "en_US_POSIX")
        china.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"] {
            china.dateFormat = format
            if let date = china.date(from: text) { return date }
        }
        return nil
    }

    static func json(_ object: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
