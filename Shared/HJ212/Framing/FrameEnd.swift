/// What stands at the place a frame's CRC should be: four hex digits and then a terminator, the
/// next `#`, or the end of input.
enum FrameEnd: Equatable {
    /// Not enough bytes yet to tell.
    case needMore
    /// Not the end of a frame.
    case notAnEnd
    case end(crc: UInt16, lowercase: Bool, terminator: Terminator)

    /// The four hex digits at `crcAt`, if that is what stands there.
    static func crcField(at crcAt: Int, in base: UnsafeRawPointer, count: Int) -> (crc: UInt16, lowercase: Bool)? {
        guard crcAt + 4 <= count else { return nil }
        var crc: UInt16 = 0
        var lowercase = false
        for offset in 0..<4 {
            let byte = base.load(fromByteOffset: crcAt + offset, as: UInt8.self)
            guard let digit = Bytes.hexValue(byte) else { return nil }
            if byte >= 0x61 { lowercase = true }
            crc = crc << 4 | digit
        }
        return (crc, lowercase)
    }

    /// Examines `crcAt..<crcAt + 4` and what follows, in a buffer of `count` bytes.
    static func at(_ crcAt: Int, in base: UnsafeRawPointer, count: Int, finished: Bool) -> FrameEnd {
        guard crcAt + 4 <= count else { return finished ? .notAnEnd : .needMore }
        var crc: UInt16 = 0
        var lowercase = false
        for offset in 0..<4 {
            let byte = base.load(fromByteOffset: crcAt + offset, as: UInt8.self)
            guard let digit = Bytes.hexValue(byte) else { return .notAnEnd }
            if byte >= 0x61 { lowercase = true }
            crc = crc << 4 | digit
        }
        let after = crcAt + 4
        guard after < count else {
            return finished ? .end(crc: crc, lowercase: lowercase, terminator: .none) : .needMore
        }
        switch base.load(fromByteOffset: after, as: UInt8.self) {
        case Bytes.lf:
            return .end(crc: crc, lowercase: lowercase, terminator: .lf)
        case Bytes.cr:
            guard after + 1 < count else {
                return finished ? .end(crc: crc, lowercase: lowercase, terminator: .cr) : .needMore
            }
            let next = base.load(fromByteOffset: after + 1, as: UInt8.self)
            return .end(crc: crc, lowercase: lowercase, terminator: next == Bytes.lf ? .crlf : .cr)
        case Bytes.hash:
            return .end(crc: crc, lowercase: lowercase, terminator: .none)
        default:
            return .notAnEnd
        }
    }

    /// Whether `##dddd` starts at `index` (nil: not enough bytes to tell).
    static func isHeader(at index: Int, in base: UnsafeRawPointer, count: Int) -> Bool? {
        guard index + 2 <= count else { return index < count && base.load(fromByteOffset: index, as: UInt8.self) != Bytes.hash ? false : nil }
        guard base.load(fromByteOffset: index, as: UInt8.self) == Bytes.hash,
              base.load(fromByteOffset: index + 1, as: UInt8.self) == Bytes.hash else { return false }
        for offset in 2..<6 {
            guard index + offset < count else { return nil }
            guard Bytes.isDigit(base.load(fromByteOffset: index + offset, as: UInt8.self)) else { return false }
        }
        return true
    }
}
