/// How a frame ended on the wire.
public enum Terminator: String, Sendable, Hashable {
    case crlf
    case lf
    case cr
    case none

    var byteCount: Int {
        switch self {
        case .crlf: 2
        case .lf, .cr: 1
        case .none: 0
        }
    }
}
