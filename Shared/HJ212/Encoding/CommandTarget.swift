/// The device a platform command is addressed to.
public struct CommandTarget: Sendable, Hashable {
    public var mn: String
    public var pw: String
    /// The device's system code: commands carry the ST of the device they address.
    public var st: String
    public var version: ProtocolVersion

    public init(mn: String, pw: String, st: String, version: ProtocolVersion = .v2017) {
        self.mn = mn
        self.pw = pw
        self.st = st
        self.version = version
    }

    /// The sender of `packet`, addressed in its own protocol generation.
    public init(sender packet: Packet) {
        self.init(mn: packet.mn, pw: packet.pw ?? "", st: packet.st, version: packet.version)
    }
}
