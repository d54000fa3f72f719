/// An attachment by reference: the file itself lives in the portal's store; the order keeps what
/// identifies it, so the evidence package can prove which file was meant.
public struct AttachmentReference: Codable, Sendable, Hashable {
    public var fileName: String
    /// SHA-256 of the file's bytes, 64 lowercase hex digits.
    public var sha256: String
    public var sizeBytes: Int
    /// Evidence kind as the mark catalogue names it (`photo`, `om-work-order`, `dcs-load-curve`…).
    public var kind: String

    public init(fileName: String, sha256: String, sizeBytes: Int, kind: String) {
        self.fileName = fileName
        self.sha256 = sha256
        self.sizeBytes = sizeBytes
        self.kind = kind
    }

    /// Why this reference cannot be accepted, or nil.
    public var problem: String? {
        let name = fileName.trimmingWhitespace
        if name.isEmpty { return "附件文件名不能为空" }
        if name.contains("/") || name.contains("\\") || name == "." || name == ".." { return "附件文件名「\(fileName)」不能含路径" }
        if fileName.count > 255 { return "附件文件名超过255个字符" }
        if sha256.utf8.count != 64 || !sha256.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) {
            return "附件「\(fileName)」的SHA-256须为64位小写十六进制"
        }
        if sizeBytes <= 0 { return "附件「\(fileName)」的大小须大于0字节" }
        if kind.isEmpty || !kind.utf8.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == 45 || $0 == 95 }) {
            return "附件「\(fileName)」的类型代码「\(kind)」须为小写字母、数字、- 或 _"
        }
        return nil
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and newlines (ASCII and the ideographic space).
    var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{3000}" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
