public import Domain

/// Everything an evidence package holds for one order, as Dispatch and the other services have
/// it. `EvidencePackage.assemble` checks it before anything is written.
public struct EvidenceContents: Sendable {
    public var orderId: String
    public var orderNumber: String
    /// The order's hash-chained events, from sequence 1 (the whole chain of the order).
    public var chain: [OrderEventRecord]
    /// Chain heads Dispatch signed along the way (at intervals and on decisions).
    public var checkpoints: [SignedChainHead]
    /// The order's full history (`OrderEvent`), when Dispatch has it: replies, attachments,
    /// investigation and decision in detail. Empty when only the chain is available.
    public var orderEvents: [OrderEvent]
    /// The judgments with their inputs.
    public var judgments: [EvidenceEntry]
    public var catalogueVersions: [CatalogueVersion]
    /// The raw frames of the period.
    public var frames: [FrameRecord]
    /// The marks of the period with their history.
    public var marks: [EvidenceEntry]
    /// Marking's reconciliation verdicts on those marks and on the outlet's period (every one
    /// received, consistent ones included: they show a correction was checked).
    public var markVerdicts: [EvidenceEntry]
    /// Attachments by reference; references found in `orderEvents` are added automatically.
    public var attachments: [AttachmentReference]
    /// Attachment bytes by SHA-256, when the exporter has them; each must hash to its key.
    public var attachmentContents: [String: [UInt8]]
    /// What the exporter could not include and why (e.g. no mark was received for the period),
    /// in Chinese; listed in the summary.
    public var notesZh: [String]

    public init(orderId: String, orderNumber: String, chain: [OrderEventRecord], checkpoints: [SignedChainHead] = [],
                orderEvents: [OrderEvent] = [], judgments: [EvidenceEntry] = [], catalogueVersions: [CatalogueVersion] = [],
                frames: [FrameRecord] = [], marks: [EvidenceEntry] = [], markVerdicts: [EvidenceEntry] = [], attachments: [AttachmentReference] = [],
                attachmentContents: [String: [UInt8]] = [:], notesZh: [String] = []) {
        self.orderId = orderId
        self.orderNumber = orderNumber
        self.chain = chain
        self.checkpoints = checkpoints
        self.orderEvents = orderEvents
        self.judgments = judgments
        self.catalogueVersions = catalogueVersions
        self.frames = frames
        self.marks = marks
        self.markVerdicts = markVerdicts
        self.attachments = attachments
        self.attachmentContents = attachmentContents
        self.notesZh = notesZh
    }

    /// Explicit references and those in the order's history, once each, by SHA-256.
    var allAttachments: [AttachmentReference] {
        var found = attachments
        for event in orderEvents {
            switch event.change {
            case .replySubmitted(let reply, _, _): found += reply.attachments
            case .responseSubmitted(let response, _): found += response.attachments
            case .investigationRecorded(let report): found += report.attachments
            default: break
            }
        }
        var seen = Set<String>()
        return found.filter { seen.insert($0.sha256).inserted }
    }
}
