/// A byte scan that tells data uploads without process parameters (keys whose code starts with
/// e, g or i) apart before their data area is materialised, which is most of them.
enum ProcessParameterScan {
    /// Whether some key in `segment` might start with e, g or i. Every key follows a separator (or
    /// opens the segment), so any such letter right after a non-alphanumeric byte counts: the
    /// scan may say yes for nothing, never no for a frame that has one.
    static func mayCarry(_ segment: some Collection<UInt8>) -> Bool {
        var afterSeparator = true
        for byte in segment {
            if afterSeparator, byte == UInt8(ascii: "e") || byte == UInt8(ascii: "g") || byte == UInt8(ascii: "i") { return true }
            let isAlphanumeric = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            afterSeparator = !isAlphanumeric
        }
        return false
    }
}
