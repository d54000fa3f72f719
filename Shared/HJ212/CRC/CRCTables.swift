/// Lookup tables for the CRC passes, built once.
///
/// `full[i]` is the 16-bit register after eight shift rounds of `i` under the reflected polynomial
/// 0xA001. For the HJ 212 variant the next register is `full[(register >> 8) ^ byte]`, so the chained
/// state is the high byte; `slices[k * 256 + i]` is the high byte after `k + 1` steps of zero bytes
/// starting from `i` (the linear map H applied k + 1 times), which is what slicing-by-8 combines.
///
/// `@unchecked Sendable`: the tables are written once in `init` and only read afterwards; the raw
/// copies (`slicePointer`, `fullPointer`) live as long as the process (the shared instance is never
/// released), so hot loops can hold them without an access scope per byte.
final class CRCTables: @unchecked Sendable {
    static let shared = CRCTables()

    let full: [UInt16]
    let slices: [UInt8]
    let slicePointer: UnsafePointer<UInt8>
    let fullPointer: UnsafePointer<UInt16>

    private init() {
        var full = [UInt16](repeating: 0, count: 256)
        for index in 0..<256 {
            var register = UInt16(index)
            for _ in 0..<8 {
                register = (register & 1) != 0 ? (register >> 1) ^ 0xA001 : register >> 1
            }
            full[index] = register
        }
        var slices = [UInt8](repeating: 0, count: 8 * 256)
        for index in 0..<256 {
            slices[index] = UInt8(truncatingIfNeeded: full[index] >> 8)
        }
        for power in 1..<8 {
            for index in 0..<256 {
                slices[power * 256 + index] = slices[Int(slices[(power - 1) * 256 + index])]
            }
        }
        self.full = full
        self.slices = slices
        let slicePointer = UnsafeMutablePointer<UInt8>.allocate(capacity: slices.count)
        slicePointer.initialize(from: slices, count: slices.count)
        self.slicePointer = UnsafePointer(slicePointer)
        let fullPointer = UnsafeMutablePointer<UInt16>.allocate(capacity: full.count)
        fullPointer.initialize(from: full, count: full.count)
        self.fullPointer = UnsafePointer(fullPointer)
        // The lane fold relies on H^9 = H^1 (period 8 after the first power): check it, once.
        for index in 0..<256 {
            precondition(slices[Int(slices[7 * 256 + index])] == slices[index], "HJ 212 CRC: H^9 != H^1")
        }
    }

    /// HJ 212 CRC, eight bytes per step. The last byte goes through the full table because the
    /// result is all sixteen bits, not only the chained high byte.
    func slicedHJ212(_ base: UnsafeRawPointer, count: Int) -> UInt16 {
        guard count > 0 else { return 0xFFFF }
        let h = slicePointer
        var state: UInt8 = 0xFF
        var offset = 0
        let chained = count - 1
        while offset + 8 <= chained {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            state = CRCTables.fold(h, word, state)
            offset += 8
        }
        while offset < chained {
            state = h[Int(state ^ base.load(fromByteOffset: offset, as: UInt8.self))]
            offset += 1
        }
        return fullPointer[Int(state ^ base.load(fromByteOffset: chained, as: UInt8.self))]
    }

    /// The chained state after the 8 bytes of `word` (first byte lowest). The seven lookups that do
    /// not depend on `state` are combined first, so the loop-carried chain is one XOR, one load and
    /// one XOR per word rather than a serial run of eight.
    @inline(__always)
    static func fold(_ h: UnsafePointer<UInt8>, _ word: UInt64, _ state: UInt8) -> UInt8 {
        let independent = (h[6 &* 256 &+ Int(UInt8(truncatingIfNeeded: word &>> 8))]
            ^ h[5 &* 256 &+ Int(UInt8(truncatingIfNeeded: word &>> 16))])
            ^ (h[4 &* 256 &+ Int(UInt8(truncatingIfNeeded: word &>> 24))]
            ^ h[3 &* 256 &+ Int(UInt8(truncatingIfNeeded: word &>> 32))])
            ^ ((h[2 &* 256 &+ Int(UInt8(truncatingIfNeeded: word &>> 40))]
            ^ h[1 &* 256 &+ Int(UInt8(truncatingIfNeeded: word &>> 48))])
            ^ h[Int(UInt8(truncatingIfNeeded: word &>> 56))])
        return h[7 &* 256 &+ Int(UInt8(truncatingIfNeeded: word) ^ state)] ^ independent
    }

    /// The chained state after `chained` bytes from the initial 0xFF, given the XOR `lanes` of those
    /// bytes folded by position: byte `i` (counted from the first) sits in lane `i % 8`.
    ///
    /// Why this works: the chained map H is linear and periodic, H^(k+8) = H^k for every k ≥ 1
    /// (checked in `CRCTables.init`). Byte i contributes H^(chained - i) of itself, so all bytes
    /// eight apart go through the same power: XOR them first, then apply each power once.
    @inline(__always)
    func foldedState(lanes: UInt64, chained: Int) -> UInt8 {
        guard chained > 0 else { return 0xFF }
        let h = slicePointer
        var state = h[((chained &- 1) & 7) &* 256 &+ 0xFF]
        for lane in 0..<8 {
            let value = UInt8(truncatingIfNeeded: lanes &>> UInt64(lane &* 8))
            let power = ((chained &- lane &- 1) & 7) &+ 1
            state ^= h[(power &- 1) &* 256 &+ Int(value)]
        }
        return state
    }

    /// HJ 212 CRC by lane folding: XOR the data eight bytes at a time, then nine table lookups.
    func foldedHJ212(_ base: UnsafeRawPointer, count: Int) -> UInt16 {
        guard count > 0 else { return 0xFFFF }
        let chained = count &- 1
        var lanes: UInt64 = 0
        var offset = 0
        while offset &+ 8 <= chained {
            lanes ^= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset &+= 8
        }
        var shift: UInt64 = 0
        while offset < chained {
            lanes ^= UInt64(base.load(fromByteOffset: offset, as: UInt8.self)) &<< shift
            shift &+= 8
            offset &+= 1
        }
        let state = foldedState(lanes: lanes, chained: chained)
        return fullPointer[Int(state ^ base.load(fromByteOffset: chained, as: UInt8.self))]
    }

    /// HJ 212 CRC one lookup per byte, written the way most implementations are.
    func byteTableHJ212(_ base: UnsafeRawPointer, count: Int) -> UInt16 {
        full.withUnsafeBufferPointer { table in
            var register: UInt16 = 0xFFFF
            for offset in 0..<count {
                register = (register >> 8) ^ UInt16(base.load(fromByteOffset: offset, as: UInt8.self))
                register = (register >> 8) ^ table[Int(register & 0xFF)]
            }
            return register
        }
    }

    func modbus(_ base: UnsafeRawPointer, count: Int) -> UInt16 {
        full.withUnsafeBufferPointer { table in
            var register: UInt16 = 0xFFFF
            for offset in 0..<count {
                let byte = UInt16(base.load(fromByteOffset: offset, as: UInt8.self))
                register = (register >> 8) ^ table[Int((register ^ byte) & 0xFF)]
            }
            return register
        }
    }
}
