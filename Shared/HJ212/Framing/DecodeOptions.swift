/// How tolerant decoding is, set per device.
public struct DecodeOptions: Sendable {
    /// Strict rejects the three deviations the standard forbids outright but real devices commit
    /// (declared length ≠ actual, data segment > 1024 bytes, Modbus CRC); lenient accepts and records
    /// them. Every other deviation is accepted and recorded in both modes.
    public enum Mode: String, Sendable, Hashable {
        case strict
        case lenient
    }

    /// The largest frame the 4-digit length field can describe: `##` + 4 + 9999 + CRC + CRLF.
    public static let largestFrame = 2 + 4 + 9999 + 4 + 2

    public var mode: Mode
    /// Frames declaring more than this many bytes in total are rejected as oversize without being
    /// buffered. Clamped to 16…`largestFrame`.
    public var maxFrameBytes: Int
    /// Code tables used to recognise commands and to map factor codes.
    public var tables: CodeTables

    public init(mode: Mode = .strict, maxFrameBytes: Int = DecodeOptions.largestFrame, tables: CodeTables = .standard) {
        self.mode = mode
        self.maxFrameBytes = min(max(maxFrameBytes, 16), DecodeOptions.largestFrame)
        self.tables = tables
    }

    public static let strict = DecodeOptions(mode: .strict)
    public static let lenient = DecodeOptions(mode: .lenient)
}
