/// Byte constants and small helpers the scanners share.
enum Bytes {
    static let hash: UInt8 = 0x23        // #
    static let semicolon: UInt8 = 0x3B   // ;
    static let comma: UInt8 = 0x2C       // ,
    static let equals: UInt8 = 0x3D      // =
    static let ampersand: UInt8 = 0x26   // &
    static let dash: UInt8 = 0x2D        // -
    static let plus: UInt8 = 0x2B        // +
    static let dot: UInt8 = 0x2E         // .
    static let slash: UInt8 = 0x2F       // /
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// The value of a hex digit (either case), or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt16? {
        switch byte {
        case 0x30...0x39: UInt16(byte - 0x30)
        case 0x41...0x46: UInt16(byte - 0x41 + 10)
        case 0x61...0x66: UInt16(byte - 0x61 + 10)
        default: nil
        }
    }

    /// Text of `start..<end` for messages, cut at `limit` bytes; invalid UTF-8 shows as U+FFFD.
    static func text(_ base: UnsafeRawPointer, _ start: Int, _ end: Int, limit: Int = 48) -> String {
        let count = max(0, min(end - start, limit))
        let text = String(decoding: UnsafeRawBufferPointer(start: base + start, count: count), as: UTF8.self)
        return end - start > limit ? text + "…" : text
    }

    /// Whether `start..<end` is well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF).
    static func isValidUTF8(_ base: UnsafeRawPointer, _ start: Int, _ end: Int) -> Bool {
        var index = start
        while index < end {
            let lead = base.load(fromByteOffset: index, as: UInt8.self)
            if lead < 0x80 { index += 1; continue }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return false
            }
            guard index + length <= end else { return false }
            for offset in 1..<length {
                let byte = base.load(fromByteOffset: index + offset, as: UInt8.self)
                if offset == 1 {
                    guard byte >= lower, byte <= upper else { return false }
                } else {
                    guard byte >= 0x80, byte <= 0xBF else { return false }
                }
            }
            index += length
        }
        return true
    }
}
