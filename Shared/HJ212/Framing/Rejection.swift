/// Bytes the decoder did not accept, with the reason. For a garbage run `raw` holds only the first
/// bytes (`Rejection.sampleLimit`) while `byteCount` says how many were dropped.
public struct Rejection: Sendable, Equatable, CustomStringConvertible {
    /// How many bytes of a garbage run are kept as a sample.
    public static let sampleLimit = 256

    public let reason: RejectReason
    /// What exactly was wrong, in Chinese, for operators.
    public let detail: String
    /// The rejected bytes (the whole frame when one was delimited; a capped sample of garbage).
    public let raw: [UInt8]
    /// How many input bytes this rejection covers (≥ `raw.count`).
    public let byteCount: Int

    public init(reason: RejectReason, detail: String, raw: [UInt8], byteCount: Int? = nil) {
        self.reason = reason
        self.detail = detail
        self.raw = raw
        self.byteCount = byteCount ?? raw.count
    }

    public var description: String { "\(reason.rawValue): \(detail)" }
}
