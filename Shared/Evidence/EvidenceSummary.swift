import Crypto
import Domain
import Foundation

/// The human-readable summary (`summary.zh-CN.md`): what the order was about, what happened
/// when and by whom, the conclusion, what the package holds, and how to verify it. Times in
/// China Standard Time.
enum EvidenceSummary {
    static func render(_ contents: EvidenceContents, attachments: [AttachmentReference], exportedAt: Date, publicKey: [UInt8]) -> String {
        let chain = contents.chain
        let first = chain[0]
        let head = chain[chain.count - 1]
        let order = contents.orderEvents.isEmpty ? nil : try? SupervisionOrder.replay(contents.orderEvents)
        var text = "# 电子督办证据包 \(contents.orderNumber)\n\n"
        text += "本证据包由督办系统导出，记录督办单的全部办理经过及其依据，可在不联网的情况下用公钥核验。以下时间均为北京时间。\n\n"
        text += "## 督办单\n\n"
        text += "- 单号：\(contents.orderNumber)（编号 \(contents.orderId)）\n"
        text += "- 企业：\(first.enterpriseName)（\(first.enterpriseId)）\n"
        text += "- 排放口：\(first.outletName)（\(first.outletId)）\n"
        if let order {
            text += "- 督办类型：\(order.type.nameZh)\n"
            text += "- 现阶段：\(order.stage.chineseName)，\(order.status.nameZh)\n"
            text += "- 承办部门：\(order.assignedBureau.code)" + (order.previousBureaus.isEmpty ? "" : "（原承办：\(order.previousBureaus.map(\.code).joined(separator: "、"))）") + "\n"
            if let closure = order.closure { text += "- 结论：\(closure.summaryZh)\n" }
        } else {
            text += "- 督办类型：\(first.cause)\n"
            text += "- 现阶段：\(OrderStage(rawValue: head.stage)?.chineseName ?? head.stage)\n"
        }
        if !first.factor.isEmpty {
            text += "- 监测因子：\(first.factorName)（\(first.factor)），起始时段 \(ChinaTime.text(first.periodStart))"
            if first.limit > 0 { text += "，监测值 \(format(first.value))\(first.unit)，限值 \(format(first.limit))\(first.unit)" }
            text += "\n"
        }
        text += "- 导出时间：\(ChinaTime.text(exportedAt))\n\n"

        text += "## 办理经过\n\n| 序号 | 时间 | 环节 | 阶段 | 操作人 | 说明 |\n|---|---|---|---|---|---|\n"
        for record in chain {
            let stage = OrderStage(rawValue: record.stage)?.chineseName ?? record.stage
            text += "| \(record.sequence) | \(ChinaTime.text(record.occurredAt)) | \(OrderChange.transitionNameZh(record.transition)) | \(stage) | \(cell(record.actor)) | \(cell(record.reason)) |\n"
        }
        text += "\n## 证据内容\n\n"
        text += "- 判定及其输入：\(contents.judgments.count)条（\(EvidencePackage.judgmentsPath)）\n"
        if !contents.catalogueVersions.isEmpty {
            text += "- 适用的目录与规则版本：" + contents.catalogueVersions.map { "\($0.name) \($0.version)" }.joined(separator: "；") + "\n"
        }
        text += "- 原始报文：\(contents.frames.count)帧（\(EvidencePackage.framesPath)）"
        if let earliest = contents.frames.map(\.receivedAt).min(), let latest = contents.frames.map(\.receivedAt).max() {
            text += "，接收于 \(ChinaTime.text(earliest)) 至 \(ChinaTime.text(latest))"
        }
        text += "\n- 数据标记及其历史：\(contents.marks.count)条（\(EvidencePackage.marksPath)）\n"
        text += "- 标记核查结论：\(contents.markVerdicts.count)条（\(EvidencePackage.markVerdictsPath)）"
        let kinds = contents.markVerdicts.reduce(into: [String: Int]()) { $0[$1.kind, default: 0] += 1 }
        if !kinds.isEmpty { text += "，其中" + kinds.sorted { $0.key < $1.key }.map { "\(verdictKindZh($0.key))\($0.value)条" }.joined(separator: "、") }
        text += "\n"
        text += "- 办理记录（含反馈、陈述申辩、调查、决定的详细内容）：" + (contents.orderEvents.isEmpty ? "未随包提供" : "\(contents.orderEvents.count)条（\(EvidencePackage.historyPath)）") + "\n\n"
        if !contents.notesZh.isEmpty {
            text += "## 说明\n\n" + contents.notesZh.map { "- \(cell($0))\n" }.joined() + "\n"
        }
        if !attachments.isEmpty {
            text += "## 附件\n\n| 文件名 | 类型 | 大小（字节） | SHA-256 | 随包提供 |\n|---|---|---|---|---|\n"
            for attachment in attachments {
                let included = contents.attachmentContents[attachment.sha256] != nil ? "是（\(EvidencePackage.attachmentFolder)\(attachment.sha256)）" : "否"
                text += "| \(cell(attachment.fileName)) | \(attachment.kind) | \(attachment.sizeBytes) | \(attachment.sha256) | \(included) |\n"
            }
            text += "\n"
        }
        text += "## 完整性\n\n"
        text += "- 事件链：\(chain.count)个事件，每个事件的哈希为 SHA-256(前一事件哈希 + 本事件规范化 JSON)，首个事件的前一哈希为64个0。\n"
        text += "- 链头：序号\(head.sequence)，哈希 \(head.hash)\n"
        text += "- 签名检查点：\(contents.checkpoints.count)个（\(EvidencePackage.checkpointsPath)）\n"
        text += "- 签名公钥（Ed25519）：\(Hex.encode(publicKey))\n"
        text += "- 核验：`duban-ctl evidence verify <证据包目录>`，或按 docs/evidence.md 所述步骤用任何 SHA-256 与 Ed25519 工具手工核验。"
            + "manifest.json 列出每个文件的 SHA-256，seal.json 的签名覆盖 manifest.json 的哈希与链头。\n"
        return text
    }

    /// `mark.verdict.suspected-false` → 疑似虚假标记; an unknown kind is shown as it is.
    static func verdictKindZh(_ kind: String) -> String {
        let raw = kind.hasPrefix(markVerdictKindPrefix) ? String(kind.dropFirst(markVerdictKindPrefix.count)) : kind
        return MarkVerdict.Kind(rawValue: raw)?.nameZh ?? kind
    }

    /// Entry kind of a verdict in `mark-verdicts.jsonl`: `mark.verdict.<kind>`.
    static let markVerdictKindPrefix = "mark.verdict."

    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "｜").replacingOccurrences(of: "\n", with: " ")
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
