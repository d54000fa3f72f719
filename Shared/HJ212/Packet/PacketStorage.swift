/// Everything a decoded packet holds, in one immutable object, with the item slots allocated in the
/// same block as the object. A `Packet` is then a single reference: passing it around (through
/// `FrameEvent`, into arrays, across tasks) costs one reference count, not a copy of the layout and
/// three.
///
/// Immutable: the header and the elements are written once in `make` and never again, which is
/// what lets `Packet` (its only holder) be `Sendable`.
final class PacketStorage: ManagedBuffer<PacketStorage.Contents, ItemSlot> {
    struct Contents {
        let raw: [UInt8]
        let layout: PacketLayout
        let tables: CodeTables
        let slotCount: Int
    }

    static func make(raw: [UInt8], layout: PacketLayout, tables: CodeTables, slots: UnsafeBufferPointer<ItemSlot>) -> PacketStorage {
        let buffer = PacketStorage.create(minimumCapacity: slots.count) { _ in
            Contents(raw: raw, layout: layout, tables: tables, slotCount: slots.count)
        }
        let storage = unsafeDowncast(buffer, to: PacketStorage.self)
        if let source = slots.baseAddress, slots.count > 0 {
            storage.withUnsafeMutablePointerToElements { $0.initialize(from: source, count: slots.count) }
        }
        return storage
    }

    /// The item slots, valid while `self` is alive.
    func withSlots<Result>(_ body: (UnsafeBufferPointer<ItemSlot>) throws -> Result) rethrows -> Result {
        let count = header.slotCount
        return try withUnsafeMutablePointerToElements { try body(UnsafeBufferPointer(start: $0, count: count)) }
    }

    deinit {
        let count = header.slotCount
        _ = withUnsafeMutablePointerToElements { $0.deinitialize(count: count) }
    }
}
