/// One thing in a package that does not verify, with where it is: a file, a line, an event.
public struct EvidenceProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case missingFile = "missing_file"
        case unlistedFile = "unlisted_file"
        /// A file's bytes do not match the manifest (size or SHA-256).
        case fileMismatch = "file_mismatch"
        case unreadable
        /// The seal's signature does not verify with the given public key.
        case sealInvalid = "seal_invalid"
        /// The manifest is not the one the seal signed.
        case manifestMismatch = "manifest_mismatch"
        case eventUnreadable = "event_unreadable"
        case eventOutOfSequence = "event_out_of_sequence"
        case eventOtherOrder = "event_other_order"
        case eventBrokenLink = "event_broken_link"
        case eventHashMismatch = "event_hash_mismatch"
        /// The chain's last event is not the head the seal signed.
        case headMismatch = "head_mismatch"
        /// A signed checkpoint does not verify or no longer matches the chain.
        case checkpointMismatch = "checkpoint_mismatch"
        /// The detailed history disagrees with the chain, or does not replay.
        case historyMismatch = "history_mismatch"
        /// An attachment's bytes do not hash to its name, or it has no reference.
        case attachmentMismatch = "attachment_mismatch"
    }

    public var code: Code
    public var path: String?
    /// 1-based line in `path`.
    public var line: Int?
    /// The order event concerned.
    public var sequence: Int?
    public var messageZh: String

    public init(code: Code, path: String?, line: Int? = nil, sequence: Int? = nil, messageZh: String) {
        self.code = code
        self.path = path
        self.line = line
        self.sequence = sequence
        self.messageZh = messageZh
    }

    /// Where, in Chinese: `order/chain.jsonl 第3行（事件序号3）`.
    public var locationZh: String {
        var text = path ?? "证据包"
        if let line { text += " 第\(line)行" }
        if let sequence { text += "（事件序号\(sequence)）" }
        return text
    }

    public var description: String { "\(locationZh)：\(messageZh)" }

    /// Specific before general: an event names the tampering better than the file hash that
    /// also fails because of it.
    var rank: Int {
        switch code {
        case .eventUnreadable, .eventOutOfSequence, .eventOtherOrder, .eventBrokenLink, .eventHashMismatch: 0
        case .checkpointMismatch, .headMismatch: 1
        case .historyMismatch: 2
        case .attachmentMismatch: 3
        case .fileMismatch, .missingFile, .unlistedFile, .unreadable: 4
        case .manifestMismatch, .sealInvalid: 5
        }
    }
}
