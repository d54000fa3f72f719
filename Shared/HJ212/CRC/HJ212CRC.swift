/// The checksums HJ 212 traffic carries.
///
/// The standard's CRC (Appendix A) shifts the register right by eight *before* XOR-ing each byte in,
/// so only the register's high byte survives from one byte to the next: the state that chains
/// through the data is eight bits wide and the step `h' = H[h ^ b]` is linear. That allows
/// slicing-by-8 (eight bytes per step from eight small tables). It allows more: H is periodic with
/// period 8 (H^9 = H^1), so bytes eight positions apart pass through the same power of H, and the
/// whole CRC is an XOR of the data folded into eight lanes followed by nine lookups (`checksum`).
/// The flip side is a weakness of the standard's CRC worth knowing: exchanging two bytes that are a
/// multiple of 8 apart, or changing both by the same XOR, leaves it unchanged.
///
/// The Modbus variant (CRC-16/MODBUS) is what some devices compute instead; it is only accepted in
/// lenient mode.
public enum HJ212CRC {
    /// The HJ 212 CRC of `bytes` (the data segment only), as the 16-bit value printed as 4 hex digits.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt16 {
        guard let base = bytes.baseAddress else { return 0xFFFF }
        return CRCTables.shared.foldedHJ212(base, count: bytes.count)
    }

    /// The HJ 212 CRC by slicing-by-8 (eight table lookups per eight bytes): a second fast method,
    /// kept for the benchmark and as a cross-check of the lane fold.
    public static func slicedChecksum(_ bytes: UnsafeRawBufferPointer) -> UInt16 {
        guard let base = bytes.baseAddress else { return 0xFFFF }
        return CRCTables.shared.slicedHJ212(base, count: bytes.count)
    }

    /// The HJ 212 CRC of `bytes`.
    public static func checksum(_ bytes: [UInt8]) -> UInt16 {
        bytes.withUnsafeBytes { checksum($0) }
    }

    /// CRC-16/MODBUS of `bytes`, as the register value (devices that use it print it low byte first:
    /// see `swapped(_:)`).
    public static func modbusChecksum(_ bytes: UnsafeRawBufferPointer) -> UInt16 {
        guard let base = bytes.baseAddress else { return 0xFFFF }
        return CRCTables.shared.modbus(base, count: bytes.count)
    }

    /// CRC-16/MODBUS of `bytes`.
    public static func modbusChecksum(_ bytes: [UInt8]) -> UInt16 {
        bytes.withUnsafeBytes { modbusChecksum($0) }
    }

    /// The HJ 212 CRC computed the plain way, one table lookup per byte: the baseline the benchmark
    /// prints next to the sliced pass.
    public static func byteTableChecksum(_ bytes: UnsafeRawBufferPointer) -> UInt16 {
        guard let base = bytes.baseAddress else { return 0xFFFF }
        return CRCTables.shared.byteTableHJ212(base, count: bytes.count)
    }

    /// The HJ 212 CRC exactly as Appendix A prints it, bit by bit: the reference the fast paths are
    /// tested against.
    public static func referenceChecksum(_ bytes: [UInt8]) -> UInt16 {
        var register: UInt16 = 0xFFFF
        for byte in bytes {
            register = (register >> 8) ^ UInt16(byte)
            for _ in 0..<8 {
                let carry = register & 1
                register >>= 1
                if carry != 0 { register ^= 0xA001 }
            }
        }
        return register
    }

    /// CRC-16/MODBUS bit by bit (reference for tests).
    public static func referenceModbusChecksum(_ bytes: [UInt8]) -> UInt16 {
        var register: UInt16 = 0xFFFF
        for byte in bytes {
            register ^= UInt16(byte)
            for _ in 0..<8 {
                let carry = register & 1
                register >>= 1
                if carry != 0 { register ^= 0xA001 }
            }
        }
        return register
    }

    /// The two bytes exchanged: a Modbus register printed low byte first reads as `swapped(register)`.
    public static func swapped(_ value: UInt16) -> UInt16 {
        (value << 8) | (value >> 8)
    }

    /// One step of the HJ 212 register: used where bytes are checked one at a time (the search for
    /// the real end of a frame whose declared length is wrong).
    static func step(_ register: UInt16, _ byte: UInt8) -> UInt16 {
        CRCTables.shared.full[Int(UInt8(truncatingIfNeeded: register >> 8) ^ byte)]
    }

    /// One step of the Modbus register.
    static func modbusStep(_ register: UInt16, _ byte: UInt8) -> UInt16 {
        (register >> 8) ^ CRCTables.shared.full[Int(UInt8(truncatingIfNeeded: register) ^ byte)]
    }
}
