/// A key of up to 16 bytes read as two little-endian words, so matching it against the known keys
/// is two integer compares instead of a string comparison.
struct KeyWords {
    let length: Int
    let first: UInt64
    let last: UInt64

    /// Reads `length` bytes at `start`; `limit` is the end of readable memory. Inside a frame a key is
    /// nearly always followed by `=`, `&&` and the CRC, so the 8-byte load is the common path.
    @inline(__always)
    init(_ base: UnsafeRawPointer, start: Int, length: Int, limit: Int) {
        self.length = length
        if length <= 8 && start + 8 > limit {
            var word: UInt64 = 0
            for offset in 0..<length {
                word |= UInt64(base.load(fromByteOffset: start + offset, as: UInt8.self)) << UInt64(offset * 8)
            }
            first = word
            last = 0
        } else if length == 0 || length > 16 {
            first = 0
            last = 0
        } else if length <= 8 {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt64.self))
            first = length == 8 ? word : word & ((1 << UInt64(length * 8)) - 1)
            last = 0
        } else {
            first = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt64.self))
            last = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start + length - 8, as: UInt64.self))
        }
    }

    /// Reads a key of 1…16 bytes that is followed by at least 7 readable bytes (inside a data area
    /// every key is followed by `=`, the closing `&&` and the 4-digit CRC), without bound checks.
    @inline(__always)
    init(followedBySlack base: UnsafeRawPointer, start: Int, length: Int) {
        self.length = length
        let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt64.self))
        if length <= 8 {
            first = length == 8 ? word : word & ((1 &<< UInt64(length &* 8)) &- 1)
            last = 0
        } else {
            first = word
            last = length > 16 ? 0 : UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start &+ length &- 8, as: UInt64.self))
        }
    }
}
