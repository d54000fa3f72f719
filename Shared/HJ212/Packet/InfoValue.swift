/// A site-information value (`iXXXXX-Info=`), from CN 3020/3021.
public struct InfoValue: Sendable, Hashable {
    /// The i-code (`i12001`).
    public let code: String
    public let item: DataItem

    public init(code: String, item: DataItem) {
        self.code = code
        self.item = item
    }

    public var value: String { item.value }

    /// The value as a number, when it is one.
    public var number: Double? {
        item.isText ? nil : Double(item.value).flatMap { $0.isFinite ? $0 : nil }
    }

    /// For log codes (`//…//`), the text byte-exact.
    public var text: [UInt8]? { item.text }
}
