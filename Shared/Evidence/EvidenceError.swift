/// Why a package could not be written or read.
public struct EvidenceError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The contents contradict themselves (a broken chain, a foreign event, a checkpoint that
        /// does not match); nothing is written.
        case invalidContents = "invalid_contents"
        /// The file system refused.
        case io
        /// The directory is not a package (no manifest, unreadable files).
        case notAPackage = "not_a_package"
    }

    public var code: Code
    public var reasonZh: String

    public init(_ code: Code, _ reasonZh: String) {
        self.code = code
        self.reasonZh = reasonZh
    }

    public var description: String { "\(code.rawValue): \(reasonZh)" }
}
