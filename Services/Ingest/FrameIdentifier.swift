/// Random (version 4) UUIDs for frame ids, written lowercase in one pass. Foundation's `UUID()`
/// opens, reads and closes /dev/urandom for each id on Linux; at thousands of frames per second
/// those three system calls showed in the profile. `SystemRandomNumberGenerator` is the same
/// kernel CSPRNG through getrandom(2).
enum FrameIdentifier {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A fresh id such as `3f2b8c1e-9a4d-4e7f-b1c2-0d9e8f7a6b5c`.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return format(high: generator.next(), low: generator.next())
    }

    /// The canonical text of the version 4, RFC 4122 variant UUID made from these 128 random bits.
    static func format(high: UInt64, low: UInt64) -> String {
        let high = high & ~0xF000 | 0x4000  // version 4 in bits 12…15 of the third group
        let low = low & ~(0xC << 60) | (0x8 << 60)  // variant 10xx
        return String(unsafeUninitializedCapacity: 36) { text in
            var position = 0
            func put(_ value: UInt64, nibbles: Int) {
                for shift in stride(from: (nibbles - 1) * 4, through: 0, by: -4) {
                    text[position] = hexDigits[Int(value >> UInt64(shift) & 0xF)]
                    position += 1
                }
            }
            func dash() {
                text[position] = UInt8(ascii: "-")
                position += 1
            }
            put(high >> 32, nibbles: 8)
            dash()
            put(high >> 16 & 0xFFFF, nibbles: 4)
            dash()
            put(high & 0xFFFF, nibbles: 4)
            dash()
            put(low >> 48, nibbles: 4)
            dash()
            put(low & 0xFFFF_FFFF_FFFF, nibbles: 12)
            return position
        }
    }
}
