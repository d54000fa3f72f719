/// One system code (ST): which kind of monitoring a packet belongs to.
public struct SystemCodeInfo: Sendable, Hashable {
    public let code: String
    public let name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}
