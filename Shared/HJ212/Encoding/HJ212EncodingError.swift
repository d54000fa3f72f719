/// Why a packet could not be encoded. `code` is stable.
public struct HJ212EncodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The data segment would exceed 9999 bytes, which the 4-digit length field cannot express.
        case segmentTooLong = "segment_too_long"
        /// A header value contains `;` (which would end it early) or a key contains `=`, `;`, `,`.
        case reservedCharacter = "reserved_character"
        /// A value out of the range the field allows (Flag 0–255, PNO outside 1…PNUM, CN not 4 digits…).
        case invalidValue = "invalid_value"
    }

    public let code: Code
    public let detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code.rawValue): \(detail)" }
}
