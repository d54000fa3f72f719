/// Writes JSON text straight into a byte buffer, in exactly the form Foundation's `JSONEncoder`
/// gives with `.sortedKeys` and `.withoutEscapingSlashes` (numbers as `Double.description` without
/// a trailing `.0`, the same string escapes, absent optionals left out), so an event written here is
/// byte-identical to one encoded by Foundation, only without a container tree, boxing and sorting
/// per value. The caller writes object keys in sorted (byte) order; tests compare both encoders.
public struct JSONWriter: ~Copyable {
    public private(set) var bytes: [UInt8]
    /// Whether the next key or array element needs a comma before it.
    private var needsSeparator = false

    public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Hands the written bytes over.
    public consuming func finish() -> [UInt8] { bytes }

    // MARK: Structure

    public mutating func object(_ body: (inout JSONWriter) throws -> Void) rethrows {
        separate()
        bytes.append(0x7B)
        needsSeparator = false
        try body(&self)
        bytes.append(0x7D)
        needsSeparator = true
    }

    public mutating func array(_ body: (inout JSONWriter) throws -> Void) rethrows {
        separate()
        bytes.append(0x5B)
        needsSeparator = false
        try body(&self)
        bytes.append(0x5D)
        needsSeparator = true
    }

    /// An object key; the next value written is its value. Keys are plain ASCII names.
    public mutating func key(_ name: StaticString) {
        if needsSeparator { bytes.append(0x2C) }
        bytes.append(0x22)
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(0x22)
        bytes.append(0x3A)
        needsSeparator = false
    }

    // MARK: Values

    public mutating func string(_ value: String) {
        separate()
        bytes.append(0x22)
        var value = value
        value.withUTF8 { utf8 in
            // Runs of bytes that need no escape are copied at once.
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                appendEscape(byte)
                runStart = index + 1
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(0x22)
        needsSeparator = true
    }

    public mutating func number(_ value: Double) {
        separate()
        // JSONEncoder writes `description` and drops a trailing ".0" (450.0 → 450, -0.0 → -0).
        // Short descriptions are small strings: no allocation.
        let utf8 = value.description.utf8
        if utf8.count >= 2, utf8.last == 0x30, utf8[utf8.index(utf8.endIndex, offsetBy: -2)] == 0x2E {
            bytes.append(contentsOf: utf8.dropLast(2))
        } else {
            bytes.append(contentsOf: utf8)
        }
        needsSeparator = true
    }

    public mutating func number<Integer: BinaryInteger>(_ value: Integer) {
        separate()
        if value < 0 { bytes.append(0x2D) }
        var magnitude = value.magnitude
        if magnitude == 0 {
            bytes.append(0x30)
        } else {
            // Least significant digit first, then reversed in place.
            let start = bytes.count
            while magnitude > 0 {
                bytes.append(0x30 + UInt8(truncatingIfNeeded: magnitude % 10))
                magnitude /= 10
            }
            bytes[start...].reverse()
        }
        needsSeparator = true
    }

    public mutating func bool(_ value: Bool) {
        separate()
        let text: StaticString = value ? "true" : "false"
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        needsSeparator = true
    }

    /// An RFC 3339 UTC timestamp with milliseconds, as CloudEvents carry `time` and Duban payloads
    /// carry dates.
    public mutating func timestamp(millisecondsSinceEpoch milliseconds: Int64) {
        separate()
        bytes.append(0x22)
        RFC3339.write(millisecondsSinceEpoch: milliseconds, into: &bytes)
        bytes.append(0x22)
        needsSeparator = true
    }

    // MARK: Fields (key + value; optionals left out when nil, as synthesized Codable does)

    public mutating func field(_ name: StaticString, _ value: String) { key(name); string(value) }
    public mutating func field(_ name: StaticString, _ value: String?) { if let value { key(name); string(value) } }
    public mutating func field(_ name: StaticString, _ value: Double) { key(name); number(value) }
    public mutating func field(_ name: StaticString, _ value: Double?) { if let value { key(name); number(value) } }
    public mutating func field<Integer: BinaryInteger>(_ name: StaticString, _ value: Integer) { key(name); number(value) }
    public mutating func field<Integer: BinaryInteger>(_ name: StaticString, _ value: Integer?) {
        if let value { key(name); number(value) }
    }
    public mutating func field(_ name: StaticString, _ value: Bool) { key(name); bool(value) }
    public mutating func field(_ name: StaticString, millisecondsSinceEpoch value: Int64) {
        key(name)
        timestamp(millisecondsSinceEpoch: value)
    }
    public mutating func field(_ name: StaticString, strings values: [String]) {
        key(name)
        array { writer in for value in values { writer.string(value) } }
    }

    // MARK: Private

    private mutating func separate() {
        if needsSeparator { bytes.append(0x2C) }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func appendEscape(_ byte: UInt8) {
        bytes.append(0x5C)
        switch byte {
        case 0x22: bytes.append(0x22)
        case 0x5C: bytes.append(0x5C)
        case 0x0A: bytes.append(0x6E)
        case 0x0D: bytes.append(0x72)
        case 0x09: bytes.append(0x74)
        case 0x08: bytes.append(0x62)
        case 0x0C: bytes.append(0x66)
        default:
            bytes.append(contentsOf: [0x75, 0x30, 0x30, Self.hexDigits[Int(byte >> 4)], Self.hexDigits[Int(byte & 0x0F)]])
        }
    }
}
