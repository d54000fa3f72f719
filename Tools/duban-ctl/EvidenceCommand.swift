import Crypto
import Domain
import Evidence
import Foundation
import Runtime
import Store

/// `duban-ctl evidence export ORDER [--out DIR]` writes one evidence package (docs/evidence.md)
/// for an order from Dispatch's tables (`DUBAN_DATABASE_URL`), sealed with the deployment's key
/// (`DUBAN_DISPATCH_SIGNING_SEED`, the key that signs the chain heads). `duban-ctl evidence
/// verify PACKAGE --public-key HEX` checks a package offline with only the public key and names
/// the first event or file that does not verify; the exit status is 1 when it does not.
enum EvidenceVerb {
    static let usage = """
        usage: duban-ctl evidence export ORDER [--out DIR]          (DUBAN_DATABASE_URL, DUBAN_DISPATCH_SIGNING_SEED)
               duban-ctl evidence verify PACKAGE --public-key HEX
        """

    static func run(_ arguments: [String]) async -> Int32 {
        let (options, positional) = CtlSupport.parse(arguments)
        switch positional.first {
        case "export" where positional.count == 2: return await export(order: positional[1], out: options["out"])
        case "verify" where positional.count == 2: return verify(package: positional[1], publicKey: options["public-key"])
        default: return CtlSupport.fail(usage, status: 2)
        }
    }

    static func verify(package path: String, publicKey text: String?) -> Int32 {
        guard let text else { return CtlSupport.fail("核验需要 --public-key（Ed25519 公钥，64位十六进制）\n\(usage)", status: 2) }
        guard let publicKey = Hex.decode(text), publicKey.count == 32 else {
            return CtlSupport.fail("--public-key 应为64位十六进制（32字节 Ed25519 公钥），实为「\(text)」", status: 2)
        }
        let package: EvidencePackage
        do { package = try EvidencePackage.read(from: URL(fileURLWithPath: path)) } catch {
            return CtlSupport.fail("无法读取证据包：\(error.reasonZh)", status: 2)
        }
        let report = EvidenceVerifier.verify(package, publicKey: publicKey)
        if report.isValid {
            Console.line(report.textZh.trimmingCharacters(in: .newlines))
            return 0
        }
        FileHandle.standardError.write(Data(report.textZh.utf8))
        return 1
    }

    static func export(order reference: String, out: String?) async -> Int32 {
        let key: Ed25519.KeyPair
        do { key = try signingKey() } catch { return CtlSupport.fail("\(error)", status: 2) }
        do {
            let database = try await CtlSupport.database()
            guard let contents = try await OrderEvidenceReader(database: database, publicKey: key.publicKey).contents(of: reference) else {
                return CtlSupport.fail("没有督办单「\(reference)」（按编号或单号查找）")
            }
            let directory = URL(fileURLWithPath: out ?? "evidence-\(contents.orderNumber)")
            let package = try EvidencePackage.write(contents, to: directory, signingKey: key, exportedAt: Date())
            let head = contents.chain[contents.chain.count - 1]
            Console.line("""
                已导出督办单\(contents.orderNumber)的证据包：\(directory.path)
                事件\(contents.chain.count)个（链头序号\(head.sequence)，\(head.hash)），签名检查点\(contents.checkpoints.count)个，\
                判定\(contents.judgments.count)条，原始报文\(contents.frames.count)帧，数据标记\(contents.marks.count)条，标记核查结论\(contents.markVerdicts.count)条，文件\(package.files.count)个
                核验：duban-ctl evidence verify \(directory.path) --public-key \(Hex.encode(key.publicKey))
                """)
            for note in contents.notesZh { FileHandle.standardError.write(Data("duban-ctl: 说明：\(note)\n".utf8)) }
            return 0
        } catch let error as EvidenceError {
            return CtlSupport.fail("未导出：\(error.reasonZh)")
        } catch {
            return CtlSupport.fail("\(error)")
        }
    }

    /// The key the chain heads are signed with: the package's checkpoints and its seal then
    /// verify with one public key.
    static func signingKey() throws -> Ed25519.KeyPair {
        let variable = "DUBAN_DISPATCH_SIGNING_SEED"
        guard let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty else {
            throw ConfigurationError(variable: variable, expected: "64 hex digits: the Ed25519 seed Dispatch signs chain heads with", found: "<unset>")
        }
        guard let seed = Hex.decode(text), seed.count == 32, let key = Ed25519.keyPair(seed: seed) else {
            throw ConfigurationError(variable: variable, expected: "64 hex digits (a 32-byte Ed25519 seed)", found: "<\(text.count) characters>")
        }
        return key
    }
}

/// Reads everything a package holds for one order from Dispatch's tables: the order, its chain
/// as stored (canonical text and hash, so a changed row is named, not re-encoded), its signed
/// heads, the judgment versions received with their inputs, the raw frames and mark versions
/// of the period.
private struct OrderEvidenceReader {
    let database: Database
    /// The exporter's public key: the checkpoints a package carries must verify with it.
    let publicKey: [UInt8]

    func contents(of reference: String) async throws -> EvidenceContents? {
        let found = try await database.query("""
            SELECT id, number, state::text AS state FROM dispatch.orders WHERE (id = \(reference) OR number = \(reference)) AND state IS NOT NULL
            """)
        guard let row = found.first else { return nil }
        let order = try JSONB(try row.decode("state", as: String.self)).decode(SupervisionOrder.self)
        var notes: [String] = []

        let rows = try await database.query("""
            SELECT sequence, canonical, hash, event::text AS event FROM dispatch.order_events WHERE order_id = \(order.id) ORDER BY sequence
            """)
        var chain: [OrderEventRecord] = []
        var history: [OrderEvent] = []
        for row in rows {
            let sequence = try row.decode("sequence", as: Int.self)
            do {
                chain.append(try OrderEventChain.restore(canonical: try row.decode("canonical", as: String.self), hash: try row.decode("hash", as: String.self)))
            } catch let error as EvidenceError {
                throw EvidenceError(.invalidContents, "事件序号\(sequence)：\(error.reasonZh)")
            }
            if try !row.isNull("event") { history.append(try JSONB(try row.decode("event", as: String.self)).decode(OrderEvent.self)) }
        }
        if history.count != chain.count {
            history = []
            notes.append("部分事件早于详细办理记录的存储，证据包只含事件链")
        }

        let heads = try await database.query("""
            SELECT sequence, hash, signed_at, signature, public_key FROM dispatch.chain_heads WHERE order_id = \(order.id) ORDER BY sequence
            """)
        // One public key verifies a package: heads signed with an earlier key (before a
        // rotation) stay in Dispatch's table and are left out, with a note.
        var checkpoints: [SignedChainHead] = []
        var otherKeys: Set<String> = []
        for row in heads {
            let signer = try row.decode("public_key", as: String.self)
            guard signer == Hex.encode(publicKey) else {
                otherKeys.insert(signer)
                continue
            }
            checkpoints.append(SignedChainHead(
                orderId: order.id, sequence: try row.decode("sequence", as: Int.self), hash: try row.decode("hash", as: String.self),
                signedAt: try row.decode("signed_at", as: Date.self), signature: try row.decode("signature", as: String.self)))
        }
        if !otherKeys.isEmpty {
            notes.append("\(heads.count - checkpoints.count)个签名检查点由其他密钥签名（公钥 \(otherKeys.sorted().map { String($0.prefix(16)) + "…" }.joined(separator: "、"))），未收录")
        }

        let (judgments, judgmentVersions, frameIds) = try await judgments(of: order)
        let span = period(of: order)
        let frames = try await frames(of: order, in: span, alsoById: frameIds)
        let (marks, markVersions) = try await marks(of: order, in: span)
        let markVerdicts = try await markVerdicts(of: order, in: span)
        if judgments.isEmpty { notes.append("未收到该督办单所依据判定的原文（早于判定存档），依据见办理记录中的发现") }
        if frames.isEmpty { notes.append("督办期间（\(ChinaTime.text(span.from))至\(ChinaTime.text(span.to))）未存档该监测点的原始报文") }
        if marks.isEmpty { notes.append("督办期间（\(ChinaTime.text(span.from))至\(ChinaTime.text(span.to))）未收到该排放口的数据标记") }
        let attachmentCount = history.reduce(0) { count, event in
            switch event.change {
            case .replySubmitted(let reply, _, _): count + reply.attachments.count
            case .responseSubmitted(let response, _): count + response.attachments.count
            case .investigationRecorded(let report): count + report.attachments.count
            default: count
            }
        }
        if attachmentCount > 0 { notes.append("附件只列出文件名、大小与 SHA-256，原件由提交方保存，可按哈希核对") }

        var versions = judgmentVersions + markVersions
        versions.append(CatalogueVersion(name: "supervision-rules", version: "\(order.rulesetId) \(order.rulesVersion)", sha256: nil,
                                         source: "data/supervision/rules.json（触发规则 \(order.triggerRuleId)）"))
        return EvidenceContents(orderId: order.id, orderNumber: order.number, chain: chain, checkpoints: checkpoints, orderEvents: history,
                                judgments: judgments, catalogueVersions: versions, frames: frames, marks: marks,
                                markVerdicts: markVerdicts, notesZh: notes)
    }

    /// From the first finding's start to the last one's end (while an episode runs, the end of
    /// the latest period judged); the opening finding counts even when withdrawn since.
    private func period(of order: SupervisionOrder) -> (from: Date, to: Date) {
        let findings = [order.openingFinding] + order.findings
        return (findings.map(\.start).min()!, findings.map(\.end).max()!)
    }

    /// Every version received of the order's findings, with the limit rows they used.
    private func judgments(of order: SupervisionOrder) async throws -> ([EvidenceEntry], [CatalogueVersion], [String]) {
        var ids: [String] = []
        for id in [order.openingFinding.id] + order.findings.map(\.id) + order.withdrawnFindingIds where !ids.contains(id) { ids.append(id) }
        var entries: [EvidenceEntry] = []
        var versions: [CatalogueVersion] = []
        var frameIds: [String] = []
        for id in ids {
            let rows = try await database.query("""
                SELECT version, kind, body::text AS body FROM dispatch.judgments_received WHERE id = \(id) ORDER BY version
                """)
            for row in rows {
                let judgment = try JSONB(try row.decode("body", as: String.self)).decode(ExceedanceJudgment.self)
                entries.append(try EvidenceEntry(id: "\(judgment.id)#v\(judgment.version)", kind: try row.decode("kind", as: String.self), record: judgment))
                let source = judgment.limitSource
                let version = CatalogueVersion(name: "standards", version: "\(source.standard) \(source.version)", sha256: nil,
                                               source: "限值行 \(source.rowId)" + (source.provisional ? "（暂定）" : ""))
                if !versions.contains(version) { versions.append(version) }
                if !frameIds.contains(judgment.inputs.frameId) { frameIds.append(judgment.inputs.frameId) }
            }
        }
        return (entries, versions, frameIds)
    }

    /// The raw frames of the order's monitoring points in the period, and the frames the
    /// judgments name as their input wherever they fall.
    private func frames(of order: SupervisionOrder, in span: (from: Date, to: Date), alsoById ids: [String]) async throws -> [FrameRecord] {
        var points: [String] = []
        for finding in order.findings + [order.openingFinding] {
            if let point = finding.monitoringPoint, !points.contains(point) { points.append(point) }
        }
        var frames: [FrameRecord] = []
        func add(_ rows: [Row]) throws {
            for row in rows {
                var record = try JSONB(try row.decode("record", as: String.self)).decode(FrameRecord.self)
                record.raw = Data(try row.decode("raw", as: [UInt8].self)).base64EncodedString()
                if !frames.contains(where: { $0.frameId == record.frameId }) { frames.append(record) }
            }
        }
        // The end is exclusive (the next period's data time), unless the period is one instant.
        let end = span.to > span.from ? span.to : span.from.addingTimeInterval(1)
        for point in points {
            try add(try await database.query("""
                SELECT raw, record::text AS record FROM dispatch.frame_archive
                WHERE mn = \(point) AND data_time >= \(span.from) AND data_time < \(end)
                ORDER BY data_time, received_at, frame_id
                """))
        }
        for id in ids where !frames.contains(where: { $0.frameId == id }) {
            try add(try await database.query("SELECT raw, record::text AS record FROM dispatch.frame_archive WHERE frame_id = \(id)"))
        }
        return frames.sorted { ($0.receivedAt, $0.frameId) < ($1.receivedAt, $1.frameId) }
    }

    /// Every version of each mark on the order's outlet whose span meets the period.
    private func marks(of order: SupervisionOrder, in span: (from: Date, to: Date)) async throws -> ([EvidenceEntry], [CatalogueVersion]) {
        let rows = try await database.query("""
            SELECT body::text AS body FROM dispatch.marks_received
            WHERE id IN (SELECT id FROM dispatch.marks_received
                         WHERE outlet_id = \(order.outletId) AND span_start <= \(span.to) AND span_end >= \(span.from))
            ORDER BY id, version
            """)
        var entries: [EvidenceEntry] = []
        var versions: [CatalogueVersion] = []
        for row in rows {
            let mark = try JSONB(try row.decode("body", as: String.self)).decode(MarkRecord.self)
            entries.append(try EvidenceEntry(id: "\(mark.id)#v\(mark.version)", kind: "mark.\(mark.status.rawValue)", record: mark))
            let version = CatalogueVersion(name: "marks", version: mark.catalogueVersion, sha256: nil, source: "data/catalogue 标记目录")
            if !versions.contains(version) { versions.append(version) }
        }
        return (entries, versions)
    }

    /// Marking's verdicts on the outlet's period and on every mark `marks(of:in:)` includes
    /// (whose versions may be judged outside the period), consistent ones included.
    private func markVerdicts(of order: SupervisionOrder, in span: (from: Date, to: Date)) async throws -> [EvidenceEntry] {
        let rows = try await database.query("""
            SELECT body::text AS body FROM dispatch.mark_verdicts_received
            WHERE outlet_id = \(order.outletId)
              AND ((span_start <= \(span.to) AND span_end >= \(span.from))
                   OR mark_id IN (SELECT id FROM dispatch.marks_received
                                  WHERE outlet_id = \(order.outletId) AND span_start <= \(span.to) AND span_end >= \(span.from)))
            ORDER BY span_start, mark_id NULLS LAST, mark_version, id
            """)
        return try rows.map { row in
            let verdict = try JSONB(try row.decode("body", as: String.self)).decode(MarkVerdict.self)
            return try EvidenceEntry(id: verdict.id, kind: "mark.verdict.\(verdict.kind.rawValue)", record: verdict)
        }
    }
}
