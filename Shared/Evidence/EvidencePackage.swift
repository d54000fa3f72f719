public import Foundation
public import Crypto
import Domain

/// An evidence package (证据包) for one order: a directory of plain files (docs/evidence.md)
/// that a court, the enterprise or another bureau can verify offline with the public key only.
/// In memory it is the map from relative path to bytes; `write` and `read` move it to and from
/// a directory.
public struct EvidencePackage: Sendable, Hashable {
    public static let manifestPath = "manifest.json"
    public static let sealPath = "seal.json"
    public static let summaryPath = "summary.zh-CN.md"
    public static let chainPath = "order/chain.jsonl"
    public static let checkpointsPath = "order/checkpoints.jsonl"
    public static let historyPath = "order/events.jsonl"
    public static let judgmentsPath = "judgments.jsonl"
    public static let catalogueVersionsPath = "catalogue-versions.json"
    public static let framesPath = "frames.jsonl"
    public static let marksPath = "marks.jsonl"
    public static let markVerdictsPath = "mark-verdicts.jsonl"
    public static let attachmentsPath = "attachments.json"
    public static let attachmentFolder = "attachments/"

    /// Relative path (with `/`) → bytes.
    public var files: [String: [UInt8]]

    public init(files: [String: [UInt8]]) { self.files = files }

    /// Checks `contents` and builds the package in memory, sealed with `key`.
    public static func assemble(_ contents: EvidenceContents, signingKey key: Ed25519.KeyPair,
                                exportedAt: Date) throws(EvidenceError) -> EvidencePackage {
        try check(contents, publicKey: key.publicKey)
        let attachments = contents.allAttachments
        var files: [String: (bytes: [UInt8], kind: String)] = [:]
        do {
            files[chainPath] = (try CanonicalJSON.lines(contents.chain), "chain")
            files[checkpointsPath] = (try CanonicalJSON.lines(contents.checkpoints.sorted { $0.sequence < $1.sequence }), "checkpoints")
            if !contents.orderEvents.isEmpty { files[historyPath] = (try CanonicalJSON.lines(contents.orderEvents), "order-events") }
            files[judgmentsPath] = (entryLines(contents.judgments), "judgments")
            files[catalogueVersionsPath] = (Array(try CanonicalJSON.encode(contents.catalogueVersions).utf8) + [0x0A], "catalogue-versions")
            files[framesPath] = (try CanonicalJSON.lines(contents.frames), "frames")
            files[marksPath] = (entryLines(contents.marks), "marks")
            files[markVerdictsPath] = (entryLines(contents.markVerdicts), "mark-verdicts")
            files[attachmentsPath] = (Array(try CanonicalJSON.encode(attachments).utf8) + [0x0A], "attachments")
        } catch {
            throw EvidenceError(.invalidContents, "无法编码证据内容：\(error)")
        }
        for (sha, bytes) in contents.attachmentContents { files[attachmentFolder + sha] = (bytes, "attachment") }
        let head = contents.chain[contents.chain.count - 1]
        let summary = EvidenceSummary.render(contents, attachments: attachments, exportedAt: exportedAt, publicKey: key.publicKey)
        files[summaryPath] = (Array(summary.utf8), "summary")

        let manifest = EvidenceManifest(
            format: EvidenceManifest.format, orderId: contents.orderId, orderNumber: contents.orderNumber,
            exportedAt: CanonicalJSON.wholeSeconds(exportedAt),
            files: files.map { EvidenceManifest.File(path: $0.key, sha256: SHA256.hex($0.value.bytes), bytes: $0.value.bytes.count, kind: $0.value.kind) }
                .sorted { $0.path < $1.path })
        var output = files.mapValues(\.bytes)
        do {
            let manifestBytes = Array(try CanonicalJSON.encode(manifest).utf8) + [0x0A]
            let seal = EvidenceSeal.sign(orderId: contents.orderId, orderNumber: contents.orderNumber, headSequence: head.sequence,
                                         headHash: head.hash, manifestSHA256: SHA256.hex(manifestBytes), exportedAt: exportedAt, key: key)
            output[manifestPath] = manifestBytes
            output[sealPath] = Array(try CanonicalJSON.encode(seal).utf8) + [0x0A]
        } catch {
            throw EvidenceError(.invalidContents, "无法编码清单或封印：\(error)")
        }
        return EvidencePackage(files: output)
    }

    /// Assembles the package and writes it as a new directory at `directory`.
    @discardableResult
    public static func write(_ contents: EvidenceContents, to directory: URL, signingKey: Ed25519.KeyPair,
                             exportedAt: Date) throws(EvidenceError) -> EvidencePackage {
        let package = try assemble(contents, signingKey: signingKey, exportedAt: exportedAt)
        try package.write(to: directory)
        return package
    }

    /// Writes the files under `directory`, which must not exist yet or be empty: a package is
    /// never merged into another one.
    public func write(to directory: URL) throws(EvidenceError) {
        let manager = FileManager.default
        do {
            if manager.fileExists(atPath: directory.path) {
                guard try manager.contentsOfDirectory(atPath: directory.path).isEmpty else {
                    throw EvidenceError(.io, "目录\(directory.path)已存在且不为空，不覆盖")
                }
            }
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
                let url = directory.appendingPathComponent(path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: url, options: .atomic)
            }
        } catch let error as EvidenceError {
            throw error
        } catch {
            throw EvidenceError(.io, "写入\(directory.path)失败：\(error.localizedDescription)")
        }
    }

    /// Reads every regular file under `directory`. Symbolic links are refused: a package must
    /// hold its own bytes.
    public static func read(from directory: URL) throws(EvidenceError) -> EvidencePackage {
        let manager = FileManager.default
        let root = directory.standardizedFileURL.resolvingSymlinksInPath()
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw EvidenceError(.notAPackage, "\(directory.path)不是目录")
        }
        var files: [String: [UInt8]] = [:]
        guard let enumerator = manager.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey]) else {
            throw EvidenceError(.io, "无法列出\(directory.path)")
        }
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        for case let url as URL in enumerator {
            let values: URLResourceValues
            do { values = try url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey]) } catch {
                throw EvidenceError(.io, "无法读取\(url.path)：\(error.localizedDescription)")
            }
            let path = String(url.standardizedFileURL.path.dropFirst(prefix.count))
            if values.isSymbolicLink == true { throw EvidenceError(.notAPackage, "证据包内不应有符号链接：\(path)") }
            guard values.isRegularFile == true else { continue }
            do { files[path] = Array(try Data(contentsOf: url)) } catch {
                throw EvidenceError(.io, "无法读取\(path)：\(error.localizedDescription)")
            }
        }
        guard files[manifestPath] != nil || files[sealPath] != nil else {
            throw EvidenceError(.notAPackage, "\(directory.path)中没有 manifest.json 或 seal.json，不是证据包")
        }
        return EvidencePackage(files: files)
    }

    private static func entryLines(_ entries: [EvidenceEntry]) -> [UInt8] {
        entries.flatMap { Array($0.line.utf8) + [0x0A] }
    }

    /// Refuses contents that would make a package that cannot verify, or that lies.
    static func check(_ contents: EvidenceContents, publicKey: [UInt8]) throws(EvidenceError) {
        guard let first = contents.chain.first else { throw EvidenceError(.invalidContents, "事件链为空") }
        if let foreign = contents.chain.first(where: { $0.orderId != contents.orderId || $0.orderNumber != contents.orderNumber }) {
            throw EvidenceError(.invalidContents, "事件序号\(foreign.sequence)属于督办单\(foreign.orderNumber)（\(foreign.orderId)），不是\(contents.orderNumber)")
        }
        if let broken = OrderEventChain.firstBreak(in: contents.chain) {
            throw EvidenceError(.invalidContents, "事件链不完整，拒绝导出：\(broken)")
        }
        _ = first
        for head in contents.checkpoints {
            if let problem = ChainCheck.checkpointProblem(head, chain: contents.chain, orderId: contents.orderId, publicKey: publicKey) {
                throw EvidenceError(.invalidContents, "签名检查点（序号\(head.sequence)）：\(problem)")
            }
        }
        if !contents.orderEvents.isEmpty {
            if let problem = ChainCheck.historyProblem(contents.orderEvents, chain: contents.chain) {
                throw EvidenceError(.invalidContents, "办理记录与事件链不一致：\(problem.messageZh)")
            }
        }
        let references = Dictionary(contents.allAttachments.map { ($0.sha256, $0) }, uniquingKeysWith: { first, _ in first })
        for (sha, bytes) in contents.attachmentContents {
            guard let reference = references[sha] else { throw EvidenceError(.invalidContents, "附件内容\(sha.prefix(16))…没有对应的附件引用") }
            guard SHA256.hex(bytes) == sha, bytes.count == reference.sizeBytes else {
                throw EvidenceError(.invalidContents, "附件「\(reference.fileName)」的内容与引用的哈希或大小不符")
            }
        }
    }
}
