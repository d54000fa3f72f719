/// One `key=value` item of the data area, stored as offsets into the raw frame (no strings are
/// made while decoding; `DataArea` materialises them when asked).
struct ItemSlot: Sendable {
    var keyStart: UInt16
    /// Position of the `-` before the suffix for `<code>-<suffix>` keys; `keyEnd` for bare keys.
    var codeEnd: UInt16
    var keyEnd: UInt16
    var valueStart: UInt16
    var valueEnd: UInt16
    /// Index of the `;`-separated group the item sits in.
    var group: UInt16
    var kind: ItemKind
    /// The value was `//…//` text (the slashes are inside the value range).
    var isText: Bool
    /// The parsed number for numeric kinds, `DecimalValue.none` otherwise.
    var number: DecimalValue
}
