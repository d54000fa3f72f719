import Domain
import Crypto
import Foundation

/// Checks a package offline with only the public key: the seal, the manifest, every file, the
/// hash chain event by event, the signed checkpoints, the detailed history and the attachments.
/// Names the first event (or file) that does not verify.
public enum EvidenceVerifier {
    public static func verify(_ package: EvidencePackage, publicKey: [UInt8]) -> EvidenceReport {
        var report = EvidenceReport(orderId: nil, orderNumber: nil, eventCount: 0, checkpointCount: 0, problems: [])
        var problems: [EvidenceProblem] = []
        let files = package.files

        // The seal and the manifest it signs.
        var seal: EvidenceSeal?
        if let bytes = files[EvidencePackage.sealPath] {
            seal = try? CanonicalJSON.decoder().decode(EvidenceSeal.self, from: Data(bytes))
            if let seal {
                if !seal.verifies(publicKey: publicKey) {
                    problems.append(.init(code: .sealInvalid, path: EvidencePackage.sealPath,
                                          messageZh: "封印签名无法用所给公钥验证（公钥不符或 seal.json 被改动）"))
                }
            } else {
                problems.append(.init(code: .unreadable, path: EvidencePackage.sealPath, messageZh: "无法解析"))
            }
        } else {
            problems.append(.init(code: .missingFile, path: EvidencePackage.sealPath, messageZh: "缺少封印文件"))
        }
        var manifest: EvidenceManifest?
        if let bytes = files[EvidencePackage.manifestPath] {
            if let seal, SHA256.hex(bytes) != seal.manifestSHA256 {
                problems.append(.init(code: .manifestMismatch, path: EvidencePackage.manifestPath, messageZh: "与封印签名时的清单哈希不符（清单被改动）"))
            }
            manifest = try? CanonicalJSON.decoder().decode(EvidenceManifest.self, from: Data(bytes))
            if manifest == nil {
                problems.append(.init(code: .unreadable, path: EvidencePackage.manifestPath, messageZh: "无法解析"))
            } else if manifest?.format != EvidenceManifest.format {
                problems.append(.init(code: .unreadable, path: EvidencePackage.manifestPath, messageZh: "不支持的格式\(manifest?.format ?? "")"))
            }
        } else {
            problems.append(.init(code: .missingFile, path: EvidencePackage.manifestPath, messageZh: "缺少清单文件"))
        }
        report.orderId = seal?.orderId ?? manifest?.orderId
        report.orderNumber = seal?.orderNumber ?? manifest?.orderNumber

        // Every file against the manifest; nothing unlisted.
        if let manifest {
            for file in manifest.files {
                guard let bytes = files[file.path] else {
                    problems.append(.init(code: .missingFile, path: file.path, messageZh: "清单列出的文件不存在"))
                    continue
                }
                if bytes.count != file.bytes || SHA256.hex(bytes) != file.sha256 {
                    problems.append(.init(code: .fileMismatch, path: file.path,
                                          messageZh: "内容与清单不符（清单：\(file.bytes)字节，SHA-256 \(file.sha256.prefix(16))…；实际：\(bytes.count)字节，\(SHA256.hex(bytes).prefix(16))…）"))
                }
            }
            let listed = Set(manifest.files.map(\.path)).union([EvidencePackage.manifestPath, EvidencePackage.sealPath])
            for path in files.keys.sorted() where !listed.contains(path) {
                problems.append(.init(code: .unlistedFile, path: path, messageZh: "清单中没有此文件（被添加）"))
            }
        }

        // The chain, event by event.
        var chain: [OrderEventRecord] = []
        var chainReadable = false
        if let bytes = files[EvidencePackage.chainPath] {
            switch readLines(bytes, as: OrderEventRecord.self) {
            case .success(let records):
                chain = records
                chainReadable = true
            case .failure(let failure):
                problems.append(.init(code: .eventUnreadable, path: EvidencePackage.chainPath, line: failure.line, messageZh: "无法解析为事件：\(failure.reason)"))
            }
        } else {
            problems.append(.init(code: .missingFile, path: EvidencePackage.chainPath, messageZh: "缺少事件链"))
        }
        report.eventCount = chain.count
        if chainReadable {
            if chain.isEmpty {
                problems.append(.init(code: .eventUnreadable, path: EvidencePackage.chainPath, messageZh: "事件链为空"))
            } else if let broken = OrderEventChain.firstBreak(in: chain) {
                let code: EvidenceProblem.Code = switch broken.reason {
                case .outOfSequence: .eventOutOfSequence
                case .otherOrder: .eventOtherOrder
                case .brokenLink: .eventBrokenLink
                case .hashMismatch: .eventHashMismatch
                }
                problems.append(.init(code: code, path: EvidencePackage.chainPath, line: broken.index + 1, sequence: broken.sequence, messageZh: broken.detailZh))
            } else {
                let head = chain[chain.count - 1]
                if let seal, seal.headSequence != head.sequence || seal.headHash != head.hash || seal.orderId != head.orderId {
                    problems.append(.init(code: .headMismatch, path: EvidencePackage.chainPath, line: chain.count, sequence: head.sequence,
                                          messageZh: "链头与封印不符（封印：序号\(seal.headSequence)，\(seal.headHash.prefix(16))…），事件被追加或删除"))
                }
                if let manifest, manifest.orderId != head.orderId {
                    problems.append(.init(code: .eventOtherOrder, path: EvidencePackage.chainPath, line: 1, sequence: 1, messageZh: "事件属于督办单\(head.orderId)，清单为\(manifest.orderId)"))
                }
            }
        }

        // Signed checkpoints: the earliest that no longer matches bounds where the chain was rewritten.
        if let bytes = files[EvidencePackage.checkpointsPath] {
            switch readLines(bytes, as: SignedChainHead.self) {
            case .failure(let failure):
                problems.append(.init(code: .unreadable, path: EvidencePackage.checkpointsPath, line: failure.line, messageZh: "无法解析：\(failure.reason)"))
            case .success(let heads):
                report.checkpointCount = heads.count
                var lastGood = 0
                for (index, head) in heads.enumerated() {
                    if let problem = ChainCheck.checkpointProblem(head, chain: chain, orderId: report.orderId ?? head.orderId, publicKey: publicKey) {
                        problems.append(.init(code: .checkpointMismatch, path: EvidencePackage.checkpointsPath, line: index + 1, sequence: head.sequence,
                                              messageZh: "\(problem)；序号\(lastGood + 1)至\(head.sequence)之间的事件与签名时不同"))
                        break
                    }
                    lastGood = head.sequence
                }
            }
        }

        // The detailed history, when present, must replay and match the chain.
        if let bytes = files[EvidencePackage.historyPath], chainReadable {
            switch readLines(bytes, as: OrderEvent.self) {
            case .failure(let failure):
                problems.append(.init(code: .historyMismatch, path: EvidencePackage.historyPath, line: failure.line, messageZh: "无法解析：\(failure.reason)"))
            case .success(let events):
                if let problem = ChainCheck.historyProblem(events, chain: chain) { problems.append(problem) }
            }
        }

        // Attachments carried in the package are named by their hash and referenced.
        let references = (files[EvidencePackage.attachmentsPath]).flatMap { try? CanonicalJSON.decoder().decode([AttachmentReference].self, from: Data($0)) } ?? []
        for path in files.keys.sorted() where path.hasPrefix(EvidencePackage.attachmentFolder) {
            let name = String(path.dropFirst(EvidencePackage.attachmentFolder.count))
            let bytes = files[path]!
            if SHA256.hex(bytes) != name {
                problems.append(.init(code: .attachmentMismatch, path: path, messageZh: "附件内容的SHA-256与文件名不符"))
            } else if !references.contains(where: { $0.sha256 == name }) {
                problems.append(.init(code: .attachmentMismatch, path: path, messageZh: "附件没有对应的引用（attachments.json）"))
            }
        }

        report.problems = problems.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }.map(\.element)
        return report
    }

    struct LineFailure: Error {
        var line: Int
        var reason: String
    }

    /// One JSON value per line; the file ends with a newline and has no empty lines.
    static func readLines<T: Decodable>(_ bytes: [UInt8], as type: T.Type) -> Result<[T], LineFailure> {
        guard !bytes.isEmpty else { return .success([]) }
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if bytes.last == 0x0A { lines.removeLast() } else {
            return .failure(LineFailure(line: lines.count, reason: "文件未以换行结束（被截断或改动）"))
        }
        let decoder = CanonicalJSON.decoder()
        var values: [T] = []
        for (index, line) in lines.enumerated() {
            do { values.append(try decoder.decode(type, from: Data(line))) } catch {
                return .failure(LineFailure(line: index + 1, reason: line.isEmpty ? "空行" : "JSON 无效或字段不符"))
            }
        }
        return .success(values)
    }
}
