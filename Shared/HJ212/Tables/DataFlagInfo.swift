/// One data flag (`-Flag` value) and whether it marks the value as normal.
public struct DataFlagInfo: Sendable, Hashable {
    public let code: String
    public let name: String
    /// True only for the flag that marks valid, normal data (`N`).
    public let isNormal: Bool
    /// Defined by HJ/T 212-2005 only (`P`, power fault).
    public let only2005: Bool

    public init(code: String, name: String, isNormal: Bool = false, only2005: Bool = false) {
        self.code = code
        self.name = name
        self.isNormal = isNormal
        self.only2005 = only2005
    }
}
