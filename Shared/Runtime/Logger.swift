import Foundation
import Synchronization

/// Severity of a log record, in swift-log's order.
public enum LogLevel: Int, Sendable, Comparable, CustomStringConvertible {
    case trace, debug, info, notice, warning, error, critical

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .trace: "trace"
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warning: "warning"
        case .error: "error"
        case .critical: "critical"
        }
    }

    public init?(name: String) {
        switch name.lowercased() {
        case "trace": self = .trace
        case "debug": self = .debug
        case "info": self = .info
        case "notice": self = .notice
        case "warning", "warn": self = .warning
        case "error": self = .error
        case "critical": self = .critical
        default: return nil
        }
    }
}

/// A minimal logger in swift-log's shape: `@autoclosure` messages, dotted metadata keys, one JSON
/// object per line on standard error. Cheap to copy; carries its label and metadata.
public struct Logger: Sendable {
    public typealias Metadata = [String: String]

    public let label: String
    public var metadata: Metadata
    public var level: LogLevel

    public init(label: String, level: LogLevel = LogSink.shared.defaultLevel, metadata: Metadata = [:]) {
        self.label = label
        self.level = level
        self.metadata = metadata
    }

    public subscript(metadataKey key: String) -> String? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(
        _ level: LogLevel, _ message: @autoclosure () -> String, metadata extra: @autoclosure () -> Metadata = [:],
        file: String = #fileID, line: UInt = #line
    ) {
        guard level >= self.level else { return }
        var merged = metadata
        for (key, value) in extra() { merged[key] = value }
        LogSink.shared.write(level: level, label: label, message: message(), metadata: merged, file: file, line: line)
    }

    public func trace(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:], file: String = #fileID, line: UInt = #line) {
        log(.trace, message(), metadata: metadata(), file: file, line: line)
    }
    public func debug(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:], file: String = #fileID, line: UInt = #line) {
        log(.debug, message(), metadata: metadata(), file: file, line: line)
    }
    public func info(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:], file: String = #fileID, line: UInt = #line) {
        log(.info, message(), metadata: metadata(), file: file, line: line)
    }
    public func notice(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:], file: String = #fileID, line: UInt = #line) {
        log(.notice, message(), metadata: metadata(), file: file, line: line)
    }
    public func warning(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:], file: String = #fileID, line: UInt = #line) {
        log(.warning, message(), metadata: metadata(), file: file, line: line)
    }
    public func error(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:], file: String = #fileID, line: UInt = #line) {
        log(.error, message(), metadata: metadata(), file: file, line: line)
    }
    public func critical(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:], file: String = #fileID, line: UInt = #line) {
        log(.critical, message(), metadata: metadata(), file: file, line: line)
    }
}

/// Where every logger of the process writes: JSON lines on standard error, one `write(2)` per
/// record so lines from different threads never interleave.
public final class LogSink: Sendable {
    public static let shared = LogSink()

    private let configuredLevel = Atomic<Int>(LogLevel.info.rawValue)

    public var defaultLevel: LogLevel { LogLevel(rawValue: configuredLevel.load(ordering: .relaxed)) ?? .info }

    /// Sets the level new loggers start with (from `DUBAN_LOG_LEVEL` in `ServiceEnvironment`).
    public func setDefaultLevel(_ level: LogLevel) { configuredLevel.store(level.rawValue, ordering: .relaxed) }

    func write(level: LogLevel, label: String, message: String, metadata: Logger.Metadata, file: String, line: UInt) {
        var out = "{\"ts\":\"\(Self.timestamp())\",\"level\":\"\(level)\",\"logger\":"
        JSONText.appendString(label, to: &out)
        out += ",\"msg\":"
        JSONText.appendString(message, to: &out)
        for key in metadata.keys.sorted() {
            out += ","
            JSONText.appendString(key, to: &out)
            out += ":"
            JSONText.appendString(metadata[key]!, to: &out)
        }
        if level >= .warning {
            out += ",\"src\":"
            JSONText.appendString("\(file):\(line)", to: &out)
        }
        out += "}\n"
        var bytes = Array(out.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }

    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = Int(now.tv_nsec / 1_000_000)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
    }
}
