/// A byte range inside a packet's raw frame. Frames are at most 10,011 bytes, so 16 bits suffice;
/// `absent` marks a field the packet does not carry.
struct Span: Sendable, Hashable {
    var start: UInt16
    var end: UInt16

    static let absent = Span(start: .max, end: .max)

    init(start: UInt16, end: UInt16) {
        self.start = start
        self.end = end
    }

    init(_ start: Int, _ end: Int) {
        self.start = UInt16(truncatingIfNeeded: start)
        self.end = UInt16(truncatingIfNeeded: end)
    }

    var isPresent: Bool { start != .max }
    var count: Int { isPresent ? Int(end) - Int(start) : 0 }
    var range: Range<Int> { Int(start)..<Int(end) }
}
