/// One command code (CN) of the table: what it means and how it flows.
public struct CommandInfo: Sendable, Hashable {
    /// How a command travels, which decides the reply it is owed.
    public enum Kind: String, Sendable, Hashable {
        /// Platform asks the device (answered by 9011 QnRtn, then 9012 ExeRtn).
        case request
        /// Data the device uploads (answered by 9014 when the A bit is set).
        case upload
        /// A notice from the device that is answered by 9013.
        case notify
        /// A reply (9011–9014).
        case reply
    }

    public let code: Int
    public let name: String
    public let kind: Kind
    /// Only in HJ/T 212-2005 (removed by 2017).
    public let only2005: Bool
    /// Known only from an implementation of HJ 212-2025, not from its text.
    public let provisional: Bool

    public init(code: Int, name: String, kind: Kind, only2005: Bool = false, provisional: Bool = false) {
        self.code = code
        self.name = name
        self.kind = kind
        self.only2005 = only2005
        self.provisional = provisional
    }
}
