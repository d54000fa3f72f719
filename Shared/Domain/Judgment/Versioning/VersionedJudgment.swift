/// Where a published judgment stands: each new version says what changed.
public enum JudgmentStatus: String, Codable, Sendable {
    case opened, extended, closed, withdrawn
}

/// A judgment published in versions with an id stable across recomputation: exceedance episodes,
/// abnormal-operation findings, falsification suspicions. `JudgmentPublication` decides their
/// versions the same way for all of them.
public protocol VersionedJudgment: Codable, Sendable, Equatable {
    var id: String { get }
    var version: Int { get set }
    var status: JudgmentStatus { get set }
    /// As recomputed: the episode, finding or sign has ended (published as `closed`); otherwise it
    /// goes on (`opened`, then `extended`).
    var hasEnded: Bool { get }
}
