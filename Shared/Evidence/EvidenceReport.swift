/// The verifier's answer: every problem found, the most specific first.
public struct EvidenceReport: Sendable, Hashable {
    public var orderId: String?
    public var orderNumber: String?
    /// Events in the chain file that were read.
    public var eventCount: Int
    public var checkpointCount: Int
    public var problems: [EvidenceProblem]

    public var isValid: Bool { problems.isEmpty }

    /// The first event (or, when every event holds, the first file) that does not verify.
    public var firstFailure: EvidenceProblem? { problems.first }

    /// The whole report for a terminal: the verdict, then each problem on its own line.
    public var textZh: String {
        ([summaryZh] + (problems.count > 1 ? problems.map { "- \($0)" } : [])).joined(separator: "\n") + "\n"
    }

    /// One line for people.
    public var summaryZh: String {
        if let first = firstFailure { return "核验失败：\(first)" + (problems.count > 1 ? "（另有\(problems.count - 1)处问题）" : "") }
        return "核验通过：督办单\(orderNumber ?? "")的\(eventCount)个事件、\(checkpointCount)个签名检查点及全部文件与签名一致"
    }
}
