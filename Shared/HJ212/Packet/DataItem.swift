/// One `key=value` item of the data area exactly as received: unknown keys and `//…//` text are
/// kept byte-exact in `valueBytes` (text may be GBK; `value` is its UTF-8 reading).
public struct DataItem: Sendable, Hashable {
    public let key: String
    /// The value bytes as received (a view into the frame when decoded, so items cost no copy).
    let bytes: ArraySlice<UInt8>
    /// Index of the `;`-separated group the item was in (items of one factor share a group).
    public let group: Int
    /// The value was `//…//` text.
    public let isText: Bool

    public init(key: String, value: String, group: Int = 0) {
        self.key = key
        self.bytes = ArraySlice(value.utf8)
        self.group = group
        self.isText = value.utf8.count >= 4 && value.hasPrefix("//") && value.hasSuffix("//")
    }

    init(key: String, bytes: ArraySlice<UInt8>, group: Int, isText: Bool) {
        self.key = key
        self.bytes = bytes
        self.group = group
        self.isText = isText
    }

    /// The value decoded as UTF-8 (invalid bytes shown as U+FFFD).
    public var value: String { String(decoding: bytes, as: UTF8.self) }

    /// The value bytes as received, including the `//` of text values.
    public var valueBytes: [UInt8] { Array(bytes) }

    /// For `//…//` values, the text between the slashes, byte-exact.
    public var text: [UInt8]? {
        let value = valueBytes
        guard isText, value.count >= 2 else { return nil }
        let closing = value.count >= 4 && value[value.count - 2] == 0x2F && value[value.count - 1] == 0x2F
        return Array(value[2..<(closing ? value.count - 2 : value.count)])
    }

    /// The factor or info code of a `<code>-<suffix>` key.
    public var code: String? {
        guard let dash = key.utf8.lastIndex(of: 0x2D) else { return nil }
        return String(key[..<dash])
    }

    /// The suffix of a `<code>-<suffix>` key (`Rtd`, `Flag`…).
    public var suffix: String? {
        guard let dash = key.utf8.lastIndex(of: 0x2D) else { return nil }
        return String(key[key.utf8.index(after: dash)...])
    }
}
