/// Eight bytes at a time ("SIMD within a register"): finding separators in a 64-bit word costs a
/// few integer operations instead of eight compares and branches.
enum SWAR {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080
    static let lowSeven: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// The high bit of every byte of `word` that equals `byte`, and no other bit (exact: no
    /// false positives from borrows).
    @inline(__always)
    static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let difference = word ^ (ones &* UInt64(byte))
        return ~(((difference & lowSeven) &+ lowSeven) | difference) & highBits
    }

    /// Little-endian load of 8 bytes at `offset`.
    @inline(__always)
    static func load(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Byte index (0–7) of the lowest set high bit.
    @inline(__always)
    static func firstIndex(_ mask: UInt64) -> Int { mask.trailingZeroBitCount &>> 3 }

    /// Byte index (0–7) of the highest set high bit.
    @inline(__always)
    static func lastIndex(_ mask: UInt64) -> Int { (63 &- mask.leadingZeroBitCount) &>> 3 }
}
