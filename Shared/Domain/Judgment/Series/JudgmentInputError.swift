/// Input the judgment rules cannot use: misaligned or mismatched series, values that are not
/// numbers. `code` is stable (it may leave the process in `duban-ctl judge` output); the message
/// is Chinese and names what is wrong and what was expected.
public struct JudgmentInputError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case badInterval = "bad-interval"
        case misaligned
        case lengthMismatch = "length-mismatch"
        case gridMismatch = "grid-mismatch"
        case outsideSeries = "outside-series"
        case notANumber = "not-a-number"
        case badSpan = "bad-span"
        case missingInput = "missing-input"
    }

    public var code: Code
    public var messageZh: String

    public init(_ code: Code, _ messageZh: String) {
        self.code = code
        self.messageZh = messageZh
    }

    public var description: String { "\(code.rawValue): \(messageZh)" }
}
