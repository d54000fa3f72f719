/// Evidence attached to a mark, by reference: the file itself lives in evidence storage; the mark
/// keeps what identifies it (name, SHA-256, size) and which kind of evidence it is.
public struct MarkAttachment: Codable, Sendable, Hashable {
    public var fileName: String
    /// Lowercase hex SHA-256 of the file (64 characters).
    public var sha256: String
    public var size: Int
    /// Evidence code of the mark type (`dcs-load-curve`, `om-work-order`…).
    public var kind: String

    public init(fileName: String, sha256: String, size: Int, kind: String) {
        self.fileName = fileName
        self.sha256 = sha256
        self.size = size
        self.kind = kind
    }

    /// Why the reference cannot identify a file, or nil.
    public func problem(maximumBytes: Int) -> String? {
        if fileName.allSatisfy(\.isWhitespace) { return "附件须有文件名" }
        if sha256.count != 64 || !sha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
            return "附件「\(fileName)」的 SHA-256 须为64位小写十六进制"
        }
        if size <= 0 { return "附件「\(fileName)」大小须大于0字节" }
        if size > maximumBytes { return "附件「\(fileName)」超过 \(maximumBytes) 字节上限" }
        if kind.allSatisfy(\.isWhitespace) { return "附件「\(fileName)」须注明证明材料类别" }
        return nil
    }
}
