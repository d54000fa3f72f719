/// Why bytes were not accepted as a packet. The raw values are stable codes: they leave the process
/// (Kafka `duban.rejects`, metrics labels, `duban-ctl` output), so never rename one.
public enum RejectReason: String, Sendable, Hashable, CaseIterable {
    /// Bytes outside any `##dddd` frame (garbage, or `##` not followed by four digits).
    case badHeader = "bad_header"
    /// The length field is too small to hold any data segment.
    case badLength = "bad_length"
    /// The declared length does not end at the CRC (strict mode; lenient accepts a verified frame).
    case lengthMismatch = "length_mismatch"
    /// The CRC matches neither the HJ 212 nor the Modbus variant.
    case crcMismatch = "crc_mismatch"
    /// The CRC is CRC-16/MODBUS printed low byte first (strict mode only; lenient accepts it).
    case modbusCRC = "modbus_crc"
    /// The frame exceeds the configured maximum, or (strict mode) the data segment exceeds 1024 bytes.
    case oversize = "oversize"
    /// The input ended inside a frame.
    case truncated = "truncated"
    /// No `CP=&&` in the data segment.
    case missingCP = "missing_cp"
    /// The data area is not closed by `&&` at the end of the data segment.
    case missingCPEnd = "missing_cp_end"
    /// A required header field (ST, CN, MN) is missing or empty.
    case missingField = "missing_field"
    /// A header field without `=`.
    case badField = "bad_field"
    /// A data-area item without `=`.
    case badItem = "bad_item"
    /// QN is neither `YYYYMMDDhhmmsszzz` with a real time nor 13-digit epoch milliseconds.
    case badQN = "bad_qn"
    /// Flag is not a number from 0 to 255.
    case badFlag = "bad_flag"
    /// PNUM/PNO not numbers, only one of them present, or PNO outside 1…PNUM.
    case badSplit = "bad_split"
    /// DataTime (or another time field) is not 14/17 digits of a real calendar time.
    case badDataTime = "bad_datatime"
    /// CN is not four digits, so it cannot name any command.
    case unknownCN = "unknown_cn"
    /// A measured value that must be a number is not one.
    case badNumber = "bad_number"
}
