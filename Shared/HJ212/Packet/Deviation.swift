/// A departure from the standard that real devices commit and the decoder accepted, recorded with
/// the packet. Raw values are stable codes (they leave the process); never rename one.
public enum Deviation: String, Sendable, Hashable, CaseIterable {
    /// CRC printed in lowercase hex.
    case lowercaseCRC = "lowercase_crc"
    /// Frame ended by LF without CR.
    case lfOnly = "lf_only"
    /// Frame ended by CR without LF.
    case crOnly = "cr_only"
    /// No terminator after the CRC (end of input or the next `##` followed directly).
    case missingTerminator = "missing_terminator"
    case missingFlag = "missing_flag"
    case missingQN = "missing_qn"
    /// QN as 13-digit epoch milliseconds instead of `YYYYMMDDhhmmsszzz`.
    case qn13Digits = "qn_13_digits"
    /// A time field with milliseconds appended (17 digits).
    case dataTime17Digits = "datatime_17_digits"
    /// Header fields not in the order QN, ST, CN, PW, MN, Flag, PNUM, PNO.
    case reorderedHeader = "reordered_header"
    /// PNUM/PNO present while the D bit of Flag is clear (or Flag is missing).
    case splitWithoutDBit = "split_without_d_bit"
    /// The D bit of Flag is set but PNUM/PNO are missing.
    case dBitWithoutSplit = "d_bit_without_split"
    /// A `;` right before the closing `&&`.
    case trailingSeparator = "trailing_separator"
    /// An empty item between separators (`;;`, `,,`).
    case emptyItem = "empty_item"
    /// A factor code of neither the 2017 nor the 2005 shape and not in the code tables.
    case vendorFactorCode = "vendor_factor_code"
    /// ST not two characters.
    case nonstandardST = "nonstandard_st"
    case emptyPW = "empty_pw"
    case missingPW = "missing_pw"
    /// MN missing, accepted only on system-interaction replies (ST=91) as in the 2005 reply shape.
    case missingMN = "missing_mn"
    /// A CN of four digits that the code tables do not list (vendor heartbeats 9021, 8013…).
    case nonstandardCN = "nonstandard_cn"
    /// A header field the standard does not define, kept as is.
    case duplicateHeaderField = "duplicate_header_field"
    /// A data-area key the standard does not define (vendor suffix, bare key), kept as is.
    case unknownKey = "unknown_key"
    /// `//…//` text that is not valid UTF-8 (GBK from older devices), kept byte-exact.
    case nonUTF8Text = "non_utf8_text"
    /// `//` text with no closing `//`: taken to the end of the data area.
    case unclosedText = "unclosed_text"
    /// DataTime more than a day before the QN time: re-sent history (补传).
    case backfilledData = "backfilled_data"
    /// Lenient only: declared length differs from the real one (the frame was found by its CRC).
    case lengthMismatch = "length_mismatch"
    /// Lenient only: data segment longer than the standard's 1024 bytes.
    case oversizeSegment = "oversize_segment"
    /// Lenient only: CRC-16/MODBUS printed low byte first instead of the HJ 212 CRC.
    case modbusCRC = "modbus_crc"

    /// Position in `allCases`, for the packet's bit set.
    var ordinal: Int {
        switch self {
        case .lowercaseCRC: 0
        case .lfOnly: 1
        case .crOnly: 2
        case .missingTerminator: 3
        case .missingFlag: 4
        case .missingQN: 5
        case .qn13Digits: 6
        case .dataTime17Digits: 7
        case .reorderedHeader: 8
        case .splitWithoutDBit: 9
        case .dBitWithoutSplit: 10
        case .trailingSeparator: 11
        case .emptyItem: 12
        case .vendorFactorCode: 13
        case .nonstandardST: 14
        case .emptyPW: 15
        case .missingPW: 16
        case .missingMN: 17
        case .nonstandardCN: 18
        case .duplicateHeaderField: 19
        case .unknownKey: 20
        case .nonUTF8Text: 21
        case .unclosedText: 22
        case .backfilledData: 23
        case .lengthMismatch: 24
        case .oversizeSegment: 25
        case .modbusCRC: 26
        }
    }
}
