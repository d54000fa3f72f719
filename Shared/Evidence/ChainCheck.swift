import Domain
import Foundation

/// Checks shared by the writer (refuse to export) and the verifier (name what fails).
enum ChainCheck {
    static func checkpointProblem(_ head: SignedChainHead, chain: [OrderEventRecord], orderId: String, publicKey: [UInt8]) -> String? {
        if !head.verifies(publicKey: publicKey) { return "签名无效（公钥不符或检查点被改动）" }
        if head.orderId != orderId { return "属于另一督办单\(head.orderId)" }
        guard head.sequence >= 1, head.sequence <= chain.count else { return "序号超出事件链（共\(chain.count)个事件）" }
        if chain[head.sequence - 1].hash != head.hash {
            return "签名时链头哈希为\(head.hash.prefix(16))…，现在序号\(head.sequence)的哈希为\(chain[head.sequence - 1].hash.prefix(16))…"
        }
        return nil
    }

    /// The first event of the detailed history that does not replay or does not match its chain
    /// record (sequence, transition, stage, actor, time).
    static func historyProblem(_ events: [OrderEvent], chain: [OrderEventRecord]) -> EvidenceProblem? {
        func problem(_ index: Int, _ message: String) -> EvidenceProblem {
            EvidenceProblem(code: .historyMismatch, path: EvidencePackage.historyPath, line: index + 1,
                            sequence: index < events.count ? events[index].sequence : nil, messageZh: message)
        }
        do {
            _ = try SupervisionOrder.replay(events)
        } catch {
            let index = events.firstIndex { $0.sequence == error.sequence } ?? 0
            return problem(index, "办理记录无法重放：\(error.reasonZh)")
        }
        guard events.count == chain.count else { return problem(min(events.count, chain.count), "办理记录有\(events.count)条，事件链有\(chain.count)个事件") }
        for (index, (event, record)) in zip(events, chain).enumerated() {
            let mismatches = [
                event.orderId == record.orderId ? nil : "督办单",
                event.sequence == record.sequence ? nil : "序号",
                event.change.transition == record.transition ? nil : "环节",
                event.stage.rawValue == record.stage ? nil : "阶段",
                event.actor.label == record.actor ? nil : "操作人",
                Int64(event.occurredAt.timeIntervalSince1970.rounded(.down)) == Int64(record.occurredAt.timeIntervalSince1970.rounded(.down)) ? nil : "时间",
            ].compactMap { $0 }
            if !mismatches.isEmpty { return problem(index, "与事件链序号\(record.sequence)的\(mismatches.joined(separator: "、"))不一致") }
        }
        return nil
    }
}
