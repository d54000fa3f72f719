/// The HJ 212 CRC computed alongside parsing: the parser advances the cursor to where it has read,
/// so the CRC's chain of table lookups (latency-bound) runs interleaved with the parser's own work
/// (branch- and throughput-bound) and the two overlap in the CPU instead of taking turns. One pass
/// over the segment instead of two.
struct CRCCursor {
    private let slices: UnsafePointer<UInt8>
    private let full: UnsafePointer<UInt16>
    /// Next byte to fold in.
    private(set) var offset: Int
    /// The last byte (folded in by `finish` through the 16-bit table).
    private let last: Int
    private var state: UInt8 = 0xFF

    /// A cursor over `start..<end` of the frame.
    init(start: Int, end: Int) {
        let tables = CRCTables.shared
        slices = tables.slicePointer
        full = tables.fullPointer
        offset = start
        last = end &- 1
    }

    /// Folds in whole 8-byte words up to `position` (never the last byte).
    @inline(__always)
    mutating func advance(_ base: UnsafeRawPointer, to position: Int) {
        let stop = min(position, last)
        while offset &+ 8 <= stop {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            state = CRCTables.fold(slices, word, state)
            offset &+= 8
        }
    }

    /// Folds in everything left and returns the CRC of the whole range.
    mutating func finish(_ base: UnsafeRawPointer) -> UInt16 {
        guard last >= offset else { return 0xFFFF }
        advance(base, to: last)
        while offset < last {
            state = slices[Int(state ^ base.load(fromByteOffset: offset, as: UInt8.self))]
            offset &+= 1
        }
        offset = last &+ 1
        return full[Int(state ^ base.load(fromByteOffset: last, as: UInt8.self))]
    }
}
