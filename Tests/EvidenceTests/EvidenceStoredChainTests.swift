import Crypto
import Domain
import Evidence
import Foundation
import Testing

/// The chain as Dispatch stores it (`dispatch.order_events`: the hashed canonical text and the
/// hash beside it), restored for export: a byte changed in a stored row, or two rows swapped,
/// must be named before anything is exported; notes about what is missing reach the summary.
struct EvidenceStoredChainTests {
    typealias F = EvidenceFixtures

    /// The rows as Dispatch writes them: (sequence, canonical text, hash).
    static func storedRows() throws -> [(sequence: Int, canonical: String, hash: String)] {
        try F.chain.map { ($0.sequence, try OrderEventChain.canonical($0), $0.hash) }
    }

    static func restored(_ rows: [(sequence: Int, canonical: String, hash: String)]) throws -> [OrderEventRecord] {
        try rows.map { try OrderEventChain.restore(canonical: $0.canonical, hash: $0.hash) }
    }

    /// `text` with the first occurrence of `old` replaced by `new` (same length in bytes).
    static func replacing(_ old: String, with new: String, in text: String) -> String {
        var bytes = Array(text.utf8)
        F.replace(old, with: new, in: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("stored rows restore to the sealed chain, which exports and verifies")
    func restoredChainVerifies() throws {
        let chain = try Self.restored(try Self.storedRows())
        #expect(chain == F.chain)
        #expect(OrderEventChain.firstBreak(in: chain) == nil)
        var contents = try F.contents()
        contents.chain = chain
        let package = try EvidencePackage.assemble(contents, signingKey: F.key, exportedAt: F.cst(3, 6, 9))
        #expect(EvidenceVerifier.verify(package, publicKey: F.key.publicKey).isValid)
    }

    @Test("one byte changed in a stored event's text: that event is named and nothing is exported")
    func storedTextTampered() throws {
        var rows = try Self.storedRows()
        // Event 6 is the enterprise's confirmation: one character of the actor's id changes.
        let index = 5
        try #require(rows[index].canonical.contains("enterprise_user:u-e1"))
        rows[index].canonical = Self.replacing("enterprise_user:u-e1", with: "enterprise_user:u-e2", in: rows[index].canonical)
        let chain = try Self.restored(rows)
        let broken = try #require(OrderEventChain.firstBreak(in: chain))
        #expect(broken.sequence == rows[index].sequence && broken.reason == .hashMismatch)

        var contents = try F.contents()
        contents.chain = chain
        contents.orderEvents = []  // the chain alone must already refuse
        #expect {
            try EvidencePackage.assemble(contents, signingKey: F.key, exportedAt: F.cst(3, 6, 9))
        } throws: { error in
            guard let error = error as? EvidenceError else { return false }
            return error.code == .invalidContents && error.reasonZh.contains("序号\(rows[index].sequence)")
        }
    }

    @Test("one byte changed in a stored hash: that event is named")
    func storedHashTampered() throws {
        var rows = try Self.storedRows()
        let hash = rows[2].hash
        rows[2].hash = String(hash.dropLast()) + (hash.last == "0" ? "1" : "0")
        let broken = try #require(OrderEventChain.firstBreak(in: try Self.restored(rows)))
        #expect(broken.sequence == 3 && broken.reason == .hashMismatch)
    }

    @Test("two stored events swapped: the first out of place is named, in the store and in a package")
    func storedRowsReordered() throws {
        var rows = try Self.storedRows()
        rows.swapAt(3, 4)
        let chain = try Self.restored(rows)
        let broken = try #require(OrderEventChain.firstBreak(in: chain))
        #expect(broken.index == 3 && broken.sequence == 5 && broken.reason == .outOfSequence)

        // Written into a package by hand (the exporter refuses), the verifier names the line.
        let package = F.edited(try F.package(), EvidencePackage.chainPath) { bytes in
            var lines = F.lines(bytes)
            lines.swapAt(3, 4)
            bytes = F.joined(lines)
        }
        let first = try #require(EvidenceVerifier.verify(package, publicKey: F.key.publicKey).firstFailure)
        #expect(first.code == .eventOutOfSequence && first.path == EvidencePackage.chainPath && first.line == 4 && first.sequence == 5)
    }

    @Test("a stored text that is not an event, or not canonical (a byte that changes no field), cannot be restored")
    func storedTextUnreadable() throws {
        let rows = try Self.storedRows()
        #expect {
            try OrderEventChain.restore(canonical: String(rows[0].canonical.dropLast()), hash: rows[0].hash)
        } throws: { ($0 as? EvidenceError)?.reasonZh == "存储的事件文本无法解析为事件（被改动）" }
        // A space after a comma decodes to the same event, and would hash the same once re-encoded.
        let spaced = Self.replacing("\"sequence\":1,", with: "\"sequence\":1 ", in: rows[0].canonical)
            .replacingOccurrences(of: "\"sequence\":1 ", with: "\"sequence\":1, ")
        #expect(spaced.utf8.count == rows[0].canonical.utf8.count + 1)
        #expect {
            try OrderEventChain.restore(canonical: spaced, hash: rows[0].hash)
        } throws: { ($0 as? EvidenceError)?.reasonZh == "存储的事件文本不是其规范化形式（被改动）" }
    }

    @Test("what the exporter could not include is said in the summary, and the summary is sealed")
    func notesInSummary() throws {
        var contents = try F.contents()
        contents.marks = []
        contents.notesZh = ["督办期间未收到该排放口的数据标记"]
        let package = try EvidencePackage.assemble(contents, signingKey: F.key, exportedAt: F.cst(3, 6, 9))
        let summary = String(decoding: try #require(package.files[EvidencePackage.summaryPath]), as: UTF8.self)
        #expect(summary.contains("## 说明\n\n- 督办期间未收到该排放口的数据标记\n"))
        #expect(summary.contains("数据标记及其历史：0条"))
        let tampered = F.edited(package, EvidencePackage.summaryPath) { bytes in
            F.replace("未收到", with: "已收到", in: &bytes)
        }
        let report = EvidenceVerifier.verify(tampered, publicKey: F.key.publicKey)
        #expect(report.firstFailure?.code == .fileMismatch && report.firstFailure?.path == EvidencePackage.summaryPath)
    }
}
