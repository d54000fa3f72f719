/// Assembles segments of replies and commands from values that are already known to be safe
/// (copied from a decoded header, where no value can contain `;` or exceed 255 bytes, or fixed
/// by this module), so building them cannot fail.
struct SegmentBuilder {
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(160)
    }

    mutating func field(_ key: String, _ value: String?) {
        guard let value else { return }
        bytes.append(contentsOf: key.utf8)
        bytes.append(0x3D)
        bytes.append(contentsOf: value.utf8)
        bytes.append(0x3B)
    }

    mutating func field(_ key: String, bytes value: ArraySlice<UInt8>?) {
        guard let value else { return }
        bytes.append(contentsOf: key.utf8)
        bytes.append(0x3D)
        bytes.append(contentsOf: value)
        bytes.append(0x3B)
    }

    /// `CP=&&` + items joined by `;` + `&&`, values given as bytes.
    mutating func dataArea(byteItems items: [(String, ArraySlice<UInt8>)]) {
        bytes.append(contentsOf: "CP=&&".utf8)
        for (index, item) in items.enumerated() {
            if index > 0 { bytes.append(0x3B) }
            bytes.append(contentsOf: item.0.utf8)
            bytes.append(0x3D)
            bytes.append(contentsOf: item.1)
        }
        bytes.append(contentsOf: "&&".utf8)
    }

    /// `CP=&&` + `body` + `&&`.
    mutating func dataArea(body: String) {
        bytes.append(contentsOf: "CP=&&".utf8)
        bytes.append(contentsOf: body.utf8)
        bytes.append(contentsOf: "&&".utf8)
    }

    var frame: [UInt8] { PacketEncoder.frameUnchecked(segment: bytes) }
}
