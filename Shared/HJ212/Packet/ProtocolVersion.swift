/// The protocol generation a packet claims through the version bits of its Flag (bits 2–7).
public enum ProtocolVersion: Sendable, Hashable, CustomStringConvertible {
    /// Version bits 0, or no Flag at all: HJ/T 212-2005.
    case v2005
    /// Version bits 1 (Flag 4–7): HJ 212-2017.
    case v2017
    /// Version bits 2 (Flag 8–11): HJ 212-2025 (provisional).
    case v2025
    /// Any other version bits (3–63): nothing standard defines them.
    case unknown(Int)

    public init(versionBits: Int) {
        switch versionBits {
        case 0: self = .v2005
        case 1: self = .v2017
        case 2: self = .v2025
        default: self = .unknown(versionBits)
        }
    }

    /// The value of bits 2–7 of Flag.
    public var versionBits: Int {
        switch self {
        case .v2005: 0
        case .v2017: 1
        case .v2025: 2
        case .unknown(let bits): bits & 0x3F
        }
    }

    public var description: String {
        switch self {
        case .v2005: "2005"
        case .v2017: "2017"
        case .v2025: "2025"
        case .unknown(let bits): "unknown(\(bits))"
        }
    }
}
