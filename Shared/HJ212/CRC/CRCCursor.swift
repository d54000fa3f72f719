/// The HJ 212 CRC computed alongside parsing, in the same pass: the parser advances the cursor to
/// where it has read, and the cursor folds those bytes into eight XOR lanes (one XOR per eight
/// bytes; see `HJ212CRC` for why lanes suffice). `finish` folds the rest and applies the nine lookups.
struct CRCCursor {
    private let tables: CRCTables
    /// Start of the range (lanes are counted from it).
    private let start: Int
    /// Next byte to fold in.
    private(set) var offset: Int
    /// The last byte (it goes through the 16-bit table, not the lanes).
    private let last: Int
    private var lanes: UInt64 = 0

    /// A cursor over `start..<end` of the frame.
    init(start: Int, end: Int) {
        tables = CRCTables.shared
        self.start = start
        offset = start
        last = end &- 1
    }

    /// Folds in whole 8-byte words up to `position` (never the last byte).
    @inline(__always)
    mutating func advance(_ base: UnsafeRawPointer, to position: Int) {
        let stop = min(position, last)
        while offset &+ 8 <= stop {
            lanes ^= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset &+= 8
        }
    }

    /// Folds in everything left and returns the CRC of the whole range.
    mutating func finish(_ base: UnsafeRawPointer) -> UInt16 {
        guard last >= start else { return 0xFFFF }
        advance(base, to: last)
        var shift: UInt64 = 0
        while offset < last {
            lanes ^= UInt64(base.load(fromByteOffset: offset, as: UInt8.self)) &<< shift
            shift &+= 8
            offset &+= 1
        }
        offset = last &+ 1
        let state = tables.foldedState(lanes: lanes, chained: last &- start)
        return tables.fullPointer[Int(state ^ base.load(fromByteOffset: last, as: UInt8.self))]
    }
}
