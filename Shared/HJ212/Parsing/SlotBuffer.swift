/// The parser's scratch list of item slots: a plain growable block written through a pointer, since
/// `Array.append` costs a uniqueness and capacity check per item that shows in the profile. A decoder
/// copied by value must not share it: `SegmentParser` replaces it when it is not uniquely referenced.
///
/// `@unchecked Sendable`: it is written only by the parser that holds the sole reference (checked
/// with `isKnownUniquelyReferenced` before every parse), the same copy-on-write rule `Array` uses.
final class SlotBuffer: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<ItemSlot>
    private(set) var capacity: Int
    private(set) var count = 0

    /// Slots kept between frames (32 × 24 bytes); a burst of huge frames does not pin memory per
    /// connection.
    static let retainedCapacity = 32

    init(capacity: Int = SlotBuffer.retainedCapacity) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deallocate()
    }

    /// Empties the buffer, giving back memory a large frame needed.
    func reset() {
        count = 0
        if capacity > SlotBuffer.retainedCapacity * 4 {
            base.deallocate()
            capacity = SlotBuffer.retainedCapacity
            base = .allocate(capacity: capacity)
        }
    }

    @inline(__always)
    func append(_ slot: ItemSlot) {
        if count == capacity { grow() }
        (base + count).initialize(to: slot)
        count &+= 1
    }

    var slots: UnsafeBufferPointer<ItemSlot> { UnsafeBufferPointer(start: base, count: count) }

    private func grow() {
        let larger = UnsafeMutablePointer<ItemSlot>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity *= 2
    }
}
