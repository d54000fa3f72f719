import Crypto
import Domain
import Evidence
import Foundation
import Testing

/// Writing, reading and verifying a package, and every tampering the verifier must name.
struct EvidencePackageTests {
    typealias F = EvidenceFixtures

    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("duban-evidence-\(UUID().uuidString)")
    }

    @Test("a fresh package verifies and lists every file in the manifest")
    func freshPackageVerifies() throws {
        let package = try F.package()
        #expect(Set(package.files.keys) == [
            "manifest.json", "seal.json", "summary.zh-CN.md", "order/chain.jsonl", "order/checkpoints.jsonl", "order/events.jsonl",
            "judgments.jsonl", "catalogue-versions.json", "frames.jsonl", "marks.jsonl", "mark-verdicts.jsonl", "attachments.json", "attachments/\(F.photoReference.sha256)",
        ])
        let report = EvidenceVerifier.verify(package, publicKey: F.key.publicKey)
        #expect(report.isValid, "\(report.problems)")
        #expect(report.eventCount == 10 && report.checkpointCount == 2)
        #expect(report.summaryZh == "核验通过：督办单DB20260302001的10个事件、2个签名检查点及全部文件与签名一致")
        let attachments = try JSONDecoder().decode([AttachmentReference].self, from: Data(package.files["attachments.json"]!))
        #expect(attachments == [F.workOrder, F.photoReference], "references are collected from the reply and the investigation")
        let manifest = try JSONDecoder().decode(ManifestKinds.self, from: Data(package.files["manifest.json"]!))
        #expect(manifest.files.first { $0.path == "mark-verdicts.jsonl" }?.kind == "mark-verdicts")
        let verdicts = String(decoding: package.files["mark-verdicts.jsonl"]!, as: UTF8.self).split(separator: "\n")
        #expect(verdicts.count == 2 && verdicts[0].contains("\"id\":\"m-1/v1/boiler-off-needs-flow/suspected-false\""))
    }

    @Test("assembling twice gives the same bytes: the package is deterministic")
    func deterministic() throws {
        #expect(try F.package() == F.package())
    }

    @Test("the summary tells the story in Chinese: enterprise, conclusion, timeline, attachments, head and key")
    func summary() throws {
        let text = String(decoding: try F.package().files["summary.zh-CN.md"]!, as: UTF8.self)
        #expect(text.hasPrefix("# 电子督办证据包 DB20260302001\n"))
        #expect(text.contains("- 企业：四川某某发电有限公司（e1）"))
        #expect(text.contains("- 督办类型：超标排放"))
        #expect(text.contains("- 结论：违法事实成立：立案号川成锦环罚〔2026〕12号，电子罚单号DZFD2026000123，罚款100000.00元"))
        #expect(text.contains("监测值 450.0mg/m³，限值 35.0mg/m³"))
        #expect(text.contains("| 3 | 2026年3月2日 17:00 | 企业反馈 | 事中调度 | enterprise_user:u-e1 |"))
        #expect(text.contains("| 10 | 2026年3月5日 10:00 | 办结 | 事后处理 |"))
        #expect(text.contains("| 现场照片.jpg | photo | \(F.photo.count) | \(F.photoReference.sha256) | 是（attachments/\(F.photoReference.sha256)） |"))
        #expect(text.contains("| 检修工单.pdf | om-work-order | 1024 | \(F.workOrder.sha256) | 否 |"))
        #expect(text.contains("- 链头：序号10，哈希 \(F.chain[9].hash)"))
        #expect(text.contains("- 签名公钥（Ed25519）：\(Hex.encode(F.key.publicKey))"))
        #expect(text.contains("- 原始报文：1帧（frames.jsonl），接收于 2026年3月2日 11:00 至 2026年3月2日 11:00"))
        #expect(text.contains("- 标记核查结论：2条（mark-verdicts.jsonl），其中一致1条、疑似虚假标记1条\n"))
    }

    @Test("written to a directory and read back, it still verifies; an existing non-empty directory is refused")
    func diskRoundTrip() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let written = try EvidencePackage.write(try F.contents(), to: directory, signingKey: F.key, exportedAt: F.cst(3, 6, 9, 30))
        let read = try EvidencePackage.read(from: directory)
        #expect(read == written)
        #expect(EvidenceVerifier.verify(read, publicKey: F.key.publicKey).isValid)
        #expect(throws: EvidenceError.self) { try written.write(to: directory) }
        #expect(throws: EvidenceError.self) { try EvidencePackage.read(from: directory.appendingPathComponent("order")) }
    }

    @Test("one byte changed in an event: the event is named, by line and sequence")
    func tamperedEventByte() throws {
        let package = try F.package()
        let tampered = F.edited(package, "order/chain.jsonl") { bytes in
            var lines = F.lines(bytes)
            F.replace("\"value\":450", with: "\"value\":451", in: &lines[2])
            bytes = F.joined(lines)
        }
        let report = EvidenceVerifier.verify(tampered, publicKey: F.key.publicKey)
        let first = try #require(report.firstFailure)
        #expect(first.code == .eventHashMismatch)
        #expect(first.path == "order/chain.jsonl" && first.line == 3 && first.sequence == 3)
        #expect(first.locationZh == "order/chain.jsonl 第3行（事件序号3）")
        #expect(report.problems.contains { $0.code == .fileMismatch && $0.path == "order/chain.jsonl" })
        #expect(report.summaryZh.hasPrefix("核验失败：order/chain.jsonl 第3行（事件序号3）：内容的哈希为"))
    }

    @Test("a byte that breaks an event's JSON names the unreadable line")
    func unreadableEvent() throws {
        let tampered = F.edited(try F.package(), "order/chain.jsonl") { bytes in
            var lines = F.lines(bytes)
            lines[5][0] = UInt8(ascii: "[")
            bytes = F.joined(lines)
        }
        let first = try #require(EvidenceVerifier.verify(tampered, publicKey: F.key.publicKey).firstFailure)
        #expect(first.code == .eventUnreadable && first.line == 6)
    }

    @Test("two events reordered: the first line out of sequence is named")
    func reorderedEvents() throws {
        let tampered = F.edited(try F.package(), "order/chain.jsonl") { bytes in
            var lines = F.lines(bytes)
            lines.swapAt(3, 4)
            bytes = F.joined(lines)
        }
        let first = try #require(EvidenceVerifier.verify(tampered, publicKey: F.key.publicKey).firstFailure)
        #expect(first.code == .eventOutOfSequence)
        #expect(first.line == 4 && first.sequence == 5)
        #expect(first.messageZh == "序号应为4，实为5（事件缺失、重复或顺序被调换）")
    }

    @Test("one byte changed in any other file: that file is named", arguments: [
        "frames.jsonl", "judgments.jsonl", "marks.jsonl", "mark-verdicts.jsonl", "summary.zh-CN.md", "catalogue-versions.json", "attachments.json",
    ])
    func tamperedFile(path: String) throws {
        let tampered = F.edited(try F.package(), path) { bytes in bytes[bytes.count / 2] ^= 0x01 }
        let report = EvidenceVerifier.verify(tampered, publicKey: F.key.publicKey)
        #expect(report.firstFailure?.code == .fileMismatch)
        #expect(report.firstFailure?.path == path)
        #expect(report.problems.count == 1, "\(report.problems)")
    }

    @Test("an attachment's bytes changed: the attachment is named before its manifest entry")
    func tamperedAttachment() throws {
        let path = "attachments/\(F.photoReference.sha256)"
        let report = EvidenceVerifier.verify(F.edited(try F.package(), path) { $0[0] ^= 0x20 }, publicKey: F.key.publicKey)
        #expect(report.problems.map(\.code) == [.attachmentMismatch, .fileMismatch])
        #expect(report.firstFailure?.path == path)
    }

    @Test("the detailed history changed: the line is named")
    func tamperedHistory() throws {
        let tampered = F.edited(try F.package(), "order/events.jsonl") { bytes in
            var lines = F.lines(bytes)
            F.replace("\"id\":\"o-jj\"", with: "\"id\":\"o-cd\"", in: &lines[6])
            bytes = F.joined(lines)
        }
        let report = EvidenceVerifier.verify(tampered, publicKey: F.key.publicKey)
        let first = try #require(report.firstFailure)
        #expect(first.code == .historyMismatch && first.path == "order/events.jsonl" && first.line == 7)
        #expect(first.messageZh.contains("操作人"))
    }

    @Test("a chain rewritten with fresh hashes is caught by the signed checkpoints and the seal's head")
    func rewrittenChain() throws {
        var forged = F.chain.map { record -> OrderEventRecord in
            var unsealed = record
            unsealed.hash = ""
            return unsealed
        }
        forged[1].reason = "未送达"
        forged = try OrderEventChain.sealAll(forged)
        let tampered = F.edited(try F.package(), "order/chain.jsonl") { bytes in bytes = try! Array(Self.lines(forged)) }
        let report = EvidenceVerifier.verify(tampered, publicKey: F.key.publicKey)
        #expect(report.problems.map(\.code).prefix(2) == [.headMismatch, .checkpointMismatch])
        let checkpoint = try #require(report.problems.first { $0.code == .checkpointMismatch })
        #expect(checkpoint.sequence == 3 && checkpoint.messageZh.hasSuffix("序号1至3之间的事件与签名时不同"))
    }

    static func lines(_ records: [OrderEventRecord]) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try records.flatMap { Array(try encoder.encode($0)) + [0x0A] }
    }

    @Test("an event appended or removed at the end no longer matches the sealed head")
    func appendedEvent() throws {
        var extra = F.chain[9]
        extra.sequence = 11
        extra.previousHash = F.chain[9].hash
        extra.transition = "reassigned"
        extra = try OrderEventChain.seal(extra)
        let appended = F.edited(try F.package(), "order/chain.jsonl") { bytes in bytes = try! Self.lines(F.chain + [extra]) }
        #expect(EvidenceVerifier.verify(appended, publicKey: F.key.publicKey).firstFailure?.code == .headMismatch)
        let truncated = F.edited(try F.package(), "order/chain.jsonl") { bytes in bytes = try! Self.lines(Array(F.chain.dropLast())) }
        let report = EvidenceVerifier.verify(truncated, publicKey: F.key.publicKey)
        #expect(report.firstFailure?.code == .headMismatch)
        #expect(report.problems.contains { $0.code == .checkpointMismatch && $0.sequence == 10 })
    }

    @Test("files added or removed are named")
    func addedAndRemoved() throws {
        var added = try F.package()
        added.files["notes.txt"] = Array("补充说明".utf8)
        #expect(EvidenceVerifier.verify(added, publicKey: F.key.publicKey).problems == [
            .init(code: .unlistedFile, path: "notes.txt", messageZh: "清单中没有此文件（被添加）"),
        ])
        var removed = try F.package()
        removed.files["frames.jsonl"] = nil
        #expect(EvidenceVerifier.verify(removed, publicKey: F.key.publicKey).problems.map(\.code) == [.missingFile])
        var noSeal = try F.package()
        noSeal.files["seal.json"] = nil
        #expect(EvidenceVerifier.verify(noSeal, publicKey: F.key.publicKey).firstFailure?.path == "seal.json")
    }

    @Test("a file changed and the manifest updated to match: the seal no longer covers the manifest")
    func tamperedManifest() throws {
        let package = try F.package()
        let oldHash = SHA256.hex(package.files["frames.jsonl"]!)
        var tampered = F.edited(package, "frames.jsonl") { bytes in F.replace("10.0.0.8", with: "10.0.0.9", in: &bytes) }
        let newHash = SHA256.hex(tampered.files["frames.jsonl"]!)
        tampered = F.edited(tampered, "manifest.json") { bytes in F.replace(oldHash, with: newHash, in: &bytes) }
        let report = EvidenceVerifier.verify(tampered, publicKey: F.key.publicKey)
        #expect(report.problems.map(\.code) == [.manifestMismatch])
        #expect(report.firstFailure?.path == "manifest.json")
    }

    @Test("another key: the seal and the checkpoints do not verify")
    func wrongKey() throws {
        let report = EvidenceVerifier.verify(try F.package(), publicKey: F.otherKey.publicKey)
        #expect(report.problems.map(\.code) == [.checkpointMismatch, .sealInvalid])
    }

    @Test("nothing is exported from contents that would not verify", arguments: [
        "empty", "broken", "foreign", "checkpoint", "attachment", "history",
    ])
    func refusedContents(kind: String) throws {
        var contents = try F.contents()
        switch kind {
        case "empty": contents.chain = []
        case "broken": contents.chain[3].reason = "改"
        case "foreign": contents.orderNumber = "DB20260302009"
        case "checkpoint": contents.checkpoints = [SignedChainHead.sign(orderId: "order-1", sequence: 3, hash: F.chain[1].hash, at: F.cst(3, 3, 1), with: F.key)]
        case "attachment": contents.attachmentContents = [F.photoReference.sha256: Array("别的文件".utf8)]
        default: contents.orderEvents.removeLast()
        }
        #expect(throws: EvidenceError.self) { try EvidencePackage.assemble(contents, signingKey: F.key, exportedAt: F.cst(3, 6, 9)) }
        do {
            _ = try EvidencePackage.assemble(contents, signingKey: F.key, exportedAt: F.cst(3, 6, 9))
        } catch {
            #expect(error.code == .invalidContents)
            #expect(!error.reasonZh.isEmpty)
        }
    }

    @Test("a package with only the chain (no detailed history) verifies too")
    func chainOnly() throws {
        var contents = try F.contents()
        contents.orderEvents = []
        contents.attachmentContents = [:]
        let package = try EvidencePackage.assemble(contents, signingKey: F.key, exportedAt: F.cst(3, 6, 9))
        #expect(package.files["order/events.jsonl"] == nil)
        #expect(EvidenceVerifier.verify(package, publicKey: F.key.publicKey).isValid)
        let summary = String(decoding: package.files["summary.zh-CN.md"]!, as: UTF8.self)
        #expect(summary.contains("办理记录（含反馈、陈述申辩、调查、决定的详细内容）：未随包提供"))
    }

    @Test("tampering on disk is found after reading the directory back")
    func tamperOnDisk() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try EvidencePackage.write(try F.contents(), to: directory, signingKey: F.key, exportedAt: F.cst(3, 6, 9, 30))
        let url = directory.appendingPathComponent("order/chain.jsonl")
        var bytes = Array(try Data(contentsOf: url))
        var lines = F.lines(bytes)
        F.replace("2026-03-02T09:00:00Z", with: "2026-03-02T08:00:00Z", in: &lines[2])
        bytes = F.joined(lines)
        try Data(bytes).write(to: url)
        let report = EvidenceVerifier.verify(try EvidencePackage.read(from: directory), publicKey: F.key.publicKey)
        #expect(report.firstFailure?.sequence == 3)
        #expect(report.firstFailure?.code == .eventHashMismatch)
    }
}

extension EvidencePackageTests {
    @Test("the report text for a terminal lists every problem after the verdict")
    func reportText() throws {
        var package = try F.package()
        package.files["notes.txt"] = [0x41]
        package.files["frames.jsonl"]![0] ^= 1
        let report = EvidenceVerifier.verify(package, publicKey: F.key.publicKey)
        #expect(report.textZh.hasPrefix("核验失败：frames.jsonl：内容与清单不符"))
        #expect(report.textZh.contains("（另有1处问题）\n- frames.jsonl：内容与清单不符"))
        #expect(report.textZh.hasSuffix("- notes.txt：清单中没有此文件（被添加）\n"))
        #expect(EvidenceVerifier.verify(try F.package(), publicKey: F.key.publicKey).textZh.hasPrefix("核验通过："))
    }
}

/// The part of `manifest.json` the tests read: each file's path and kind.
private struct ManifestKinds: Decodable {
    struct File: Decodable {
        var path: String
        var kind: String
    }
    var files: [File]
}
