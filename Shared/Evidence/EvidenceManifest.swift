public import Foundation

/// `manifest.json`: every file of the package with its SHA-256 and size. The seal signs the
/// manifest's hash, so the manifest vouches for every file.
public struct EvidenceManifest: Codable, Sendable, Hashable {
    public static let format = "duban.evidence.v1"

    public struct File: Codable, Sendable, Hashable {
        public var path: String
        public var sha256: String
        public var bytes: Int
        /// `chain`, `checkpoints`, `order-events`, `judgments`, `catalogue-versions`, `frames`,
        /// `marks`, `mark-verdicts`, `attachments`, `attachment`, `summary`.
        public var kind: String
    }

    public var format: String
    public var orderId: String
    public var orderNumber: String
    public var exportedAt: Date
    /// Sorted by path.
    public var files: [File]
}
